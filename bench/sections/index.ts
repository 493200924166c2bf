// Every benchmark section, in the order they run. Add a section here to have
// `npm run bench` run it (and `--only <name>` select it).

import type { BenchSection } from '../section';
import { analysisSection } from './analysis';
import { classifySection } from './classify';
import { coldStartSection } from './cold-start';
import { containersSection } from './containers';
import { duckdbSection } from './duckdb';
import { floorSection } from './floor';
import { floorThreadsSection } from './floor-threads';
import { linearSection } from './linear';
import { previewSection } from './preview';
import { reportRangesSection, reportSection, reportThreadsEarlySection, reportThreadsSection } from './report';
import { duckdb10mSection } from './duckdb-10m';
import { hugeDocumentSection, serverSection } from './server';
import { sourcesSection } from './sources';

export const sections: BenchSection[] = [floorSection, floorThreadsSection, classifySection, reportSection, reportRangesSection, reportThreadsSection, reportThreadsEarlySection, containersSection, sourcesSection, duckdbSection, previewSection, serverSection, hugeDocumentSection, analysisSection, linearSection, coldStartSection, duckdb10mSection];
