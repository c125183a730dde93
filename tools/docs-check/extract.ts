/**
 * Finds the runnable shell blocks of a Markdown page, and the files the page
 * gives its temporary folder. The markers are HTML comments, invisible on the
 * rendered page, each on the line right before a fenced block:
 *
 *   <!-- runnable: cwd=. timeout=120 -->   the next ```sh block runs (README.md)
 *   <!-- file: shop.km -->                 the next block is written to shop.km in cwd=tmp
 */

/** A fenced shell block to run with `bash -e`. */
export interface RunnableBlock {
  /** The Markdown file, as given, and the 1-based line of the block's opening fence. */
  readonly file: string;
  readonly line: number;
  /** `.` or a folder relative to the repository root, or `tmp`: the page's own temporary folder. */
  readonly cwd: string;
  readonly timeoutSeconds: number;
  readonly script: string;
}

/** A fenced block to write into the page's temporary folder before its `cwd=tmp` blocks run. */
export interface PageFile {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly content: string;
}

export interface Page {
  readonly blocks: readonly RunnableBlock[];
  readonly files: readonly PageFile[];
}

/** A marker the runner cannot follow: the message names the page and the line. */
export class MarkerError extends Error {
  override readonly name = 'MarkerError';
}

export const DEFAULT_TIMEOUT_SECONDS = 60;
const SHELLS = new Set(['sh', 'bash', 'shell']);
const MARKER = /^<!--\s*(runnable|file):(.*?)-->\s*$/;
const FENCE = /^(```+|~~~+)\s*([\w-]*)/;

export function extractPage(file: string, markdown: string): Page {
  const lines = markdown.split('\n');
  const blocks: RunnableBlock[] = [];
  const files: PageFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]!);
    if (fence) {
      // Skip the block's body, so that a marker shown inside an example is not read as one.
      i = closingFence(lines, i, fence[1]!, file);
      continue;
    }
    const marker = MARKER.exec(lines[i]!.trim());
    if (!marker) continue;
    const where = `${file}:${i + 1}`;
    const next = FENCE.exec(lines[i + 1] ?? '');
    if (!next) throw new MarkerError(`${where}: a \`<!-- ${marker[1]}: -->\` marker must be right before a fenced block`);
    const end = closingFence(lines, i + 1, next[1]!, file);
    const body = lines.slice(i + 2, end).join('\n') + '\n';
    if (marker[1] === 'file') {
      files.push({ file, line: i + 2, path: pagePath(marker[2]!.trim(), where), content: body });
    } else {
      if (!SHELLS.has(next[2]!)) throw new MarkerError(`${where}: a runnable block must be \`\`\`sh or \`\`\`bash, not \`\`\`${next[2]}`);
      blocks.push({ file, line: i + 2, script: body, ...options(marker[2]!, where) });
    }
    i = end;
  }
  return { blocks, files };
}

/** The line of the fence that closes the block opened on line `open`. */
function closingFence(lines: readonly string[], open: number, fence: string, file: string): number {
  for (let j = open + 1; j < lines.length; j++) {
    if (lines[j]!.trim().startsWith(fence) && lines[j]!.trim().slice(fence.length).trim() === '') return j;
  }
  throw new MarkerError(`${file}:${open + 1}: this fenced block is never closed`);
}

function options(text: string, where: string): Pick<RunnableBlock, 'cwd' | 'timeoutSeconds'> {
  let cwd = '.';
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  for (const pair of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, value, ...rest] = pair.split('=');
    if (value === undefined || value === '' || rest.length > 0) throw new MarkerError(`${where}: expected key=value in the marker, got "${pair}"`);
    if (key === 'cwd') {
      cwd = pagePath(value, where);
    } else if (key === 'timeout') {
      timeoutSeconds = Number(value);
      if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) throw new MarkerError(`${where}: timeout must be a whole number of seconds, got "${value}"`);
    } else {
      throw new MarkerError(`${where}: unknown marker option "${key}" (known: cwd, timeout)`);
    }
  }
  return { cwd, timeoutSeconds };
}

/** A relative path that stays inside its folder: no absolute paths, no `..`. */
function pagePath(path: string, where: string): string {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
    throw new MarkerError(`${where}: "${path}" must be a relative path inside the folder, without ..`);
  }
  return path;
}
