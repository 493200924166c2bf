// File names of URI paths (always `/`-separated), without node:path, which the web
// extension cannot load.

/** The last segment of a URI path: `/a/b/c.channels` → `c.channels`. */
export function baseName(uriPath: string, extension = ''): string {
  const name = uriPath.slice(uriPath.lastIndexOf('/') + 1);
  return extension !== '' && name.endsWith(extension) && name !== extension ? name.slice(0, -extension.length) : name;
}

/** The extension of a URI path's last segment, with its dot (`''` when none). */
export function extName(uriPath: string): string {
  const name = baseName(uriPath);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}
