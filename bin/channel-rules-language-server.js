#!/usr/bin/env node
'use strict';
// `channel-rules-language-server --stdio`: the bundled language server (dist/server.js)
// for editors other than VS Code. See docs/editors.md.
const path = require('node:path');
const fs = require('node:fs');
const server = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(server)) {
  process.stderr.write('channel-rules-language-server: not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}
require(server);
