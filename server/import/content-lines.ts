/**
 * The text of vCards (RFC 6350, and 3.0 of RFC 2426) and iCalendar files
 * (RFC 5545), read as a stream: decoded from UTF-8 (which both RFCs require),
 * unfolded (a line that starts with a space or a tab continues the one before,
 * RFC 5545 §3.1), and cut into the components a parser reads one at a time,
 * each with the physical line it begins on, so that a broken card or event
 * is rejected with its line and the rest of the file is kept.
 */
import { AppError } from '../core/app-error.js';

/** One component (`BEGIN:X` … `END:X`) as unfolded lines, BEGIN and END included. */
export interface ContentBlock {
  /** Upper-case component name: VCARD, VEVENT, VTIMEZONE, … */
  name: string;
  /** Physical line of its BEGIN (1-based). */
  line: number;
  lines: string[];
}

/** Text between components that is not one, or a component cut off: rejected with its line. */
export interface ContentProblem {
  line: number;
  reason: string;
}

export interface BlockOptions {
  /** The components wanted sit at this depth (vCards 0; events and time zones 1, inside VCALENDAR). */
  depth: number;
  label: string;
  /** Property names to drop as they are read (vCard photos: large and never used). */
  drop?: ReadonlySet<string>;
  /** Largest component, in characters of its unfolded lines (default 1 MB). */
  maxBlockChars?: number;
}

/** The name of a "block" that is one property of the container (VCALENDAR). */
export const PROPERTY = '#PROPERTY';

const DEFAULT_MAX_BLOCK_CHARS = 1024 * 1024;

/** Unfolded lines with the physical line each starts on, a chunk's worth at a time; throws UNSUPPORTED_MEDIA_TYPE for bytes that are not UTF-8 text. */
export async function* unfoldedLines(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  label: string,
): AsyncGenerator<{ line: number; text: string }[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let physical = 0;
  let current: { line: number; text: string } | null = null;
  const decode = (b?: Uint8Array) => {
    try {
      return b ? decoder.decode(b, { stream: true }) : decoder.decode();
    } catch {
      // The line of the first byte that breaks UTF-8: the lines read, and those of this chunk before it.
      const loose = b ? new TextDecoder().decode(b) : '';
      const before = rest + loose.slice(0, Math.max(0, loose.indexOf('\uFFFD')));
      const line = physical + 1 + (before.match(/\n/g)?.length ?? 0);
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${label} is not UTF-8 text near line ${line}: vCard and iCalendar files are UTF-8; export it again`,
        { file: label, line },
      );
    }
  };
  function* take(text: string, final: boolean): Generator<{ line: number; text: string }> {
    const all = rest + text;
    let at = 0;
    for (;;) {
      const nl = all.indexOf('\n', at);
      if (nl < 0) break;
      let raw = all.slice(at, nl);
      at = nl + 1;
      if (raw.endsWith('\r')) raw = raw.slice(0, -1);
      physical++;
      if (raw.includes('\u0000')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${label} is not text: it holds NUL bytes (line ${physical})`, {
          file: label,
          line: physical,
        });
      }
      if ((raw.startsWith(' ') || raw.startsWith('\t')) && current) {
        current.text += raw.slice(1);
        continue;
      }
      if (current) yield current;
      current = { line: physical, text: raw };
    }
    rest = all.slice(at);
    if (final) {
      if (rest) {
        physical++;
        if ((rest.startsWith(' ') || rest.startsWith('\t')) && current) current.text += rest.slice(1);
        else {
          if (current) yield current;
          current = { line: physical, text: rest };
        }
        rest = '';
      }
      if (current) yield current;
      current = null;
    }
  }
  let first = true;
  for await (const b of bytes) {
    let text = decode(b);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    // A chunk's lines handed on together: one await per chunk, not per line.
    yield [...take(text, false)];
  }
  yield [...take(decode(), true)];
}

const nameOf = (line: string) => {
  const colon = line.indexOf(':');
  const semi = line.indexOf(';');
  const end = colon < 0 ? semi : semi < 0 ? colon : Math.min(colon, semi);
  return (end < 0 ? line : line.slice(0, end)).trim().toUpperCase();
};

const componentOf = (line: string) =>
  line
    .slice(line.indexOf(':') + 1)
    .trim()
    .toUpperCase();

/** The components at `options.depth`, in file order, and the problems found between them. */
export async function* contentBlocks(
  batches: AsyncIterable<{ line: number; text: string }[]>,
  options: BlockOptions,
): AsyncGenerator<ContentBlock | ContentProblem> {
  const max = options.maxBlockChars ?? DEFAULT_MAX_BLOCK_CHARS;
  let depth = 0;
  let block: (ContentBlock & { chars: number; tooLarge: boolean }) | null = null;
  const stack: string[] = [];
  for await (const batch of batches)
    for (const { line, text } of batch) {
      if (!text.trim()) continue;
      const name = nameOf(text);
      if (name === 'BEGIN') {
        const what = componentOf(text);
        if (depth === options.depth) {
          block = { name: what, line, lines: [], chars: 0, tooLarge: false };
        }
        stack.push(what);
        depth++;
      } else if (name === 'END') {
        const what = componentOf(text);
        const open = stack.pop();
        if (open === undefined) {
          yield { line, reason: `END:${what} without a BEGIN` };
          continue;
        }
        if (open !== what) {
          if (block) {
            yield { line: block.line, reason: `${block.name} is not closed: END:${what} at line ${line} ends it` };
            block = null;
          } else yield { line, reason: `END:${what} closes BEGIN:${open}` };
          depth = stack.length;
          continue;
        }
        depth--;
        if (block && depth === options.depth) {
          block.lines.push(text);
          const done = block;
          block = null;
          if (done.tooLarge)
            yield { line: done.line, reason: `${done.name} is larger than ${Math.round(max / 1024)} KB` };
          else yield { name: done.name, line: done.line, lines: done.lines };
          continue;
        }
      } else if (depth === 0) {
        yield { line, reason: `a line outside any BEGIN … END: "${text.slice(0, 60)}"` };
        continue;
      } else if (!block && depth === options.depth) {
        // A property of the container (the calendar's X-WR-CALNAME): handed on as a block of one line.
        yield { name: PROPERTY, line, lines: [text] };
        continue;
      }
      if (block) {
        if (options.drop?.has(name)) continue;
        block.chars += text.length;
        if (block.chars > max) {
          block.tooLarge = true;
          block.lines.length = 0;
        }
        if (!block.tooLarge) block.lines.push(text);
      }
    }
  if (block) yield { line: block.line, reason: `${block.name} is cut off: the file ends before END:${block.name}` };
}

export const isProblem = (b: ContentBlock | ContentProblem): b is ContentProblem => 'reason' in b;
