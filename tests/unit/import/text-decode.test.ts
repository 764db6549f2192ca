import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/core/app-error.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../../server/import/text-decode.js';

async function decode(bytes: Uint8Array, chunk = 1 << 20): Promise<string> {
  async function* gen(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: Buffer[] = [];
  for await (const b of decodeUtf8(gen(), 'f.csv')) out.push(b);
  return Buffer.concat(out).toString('utf8');
}

async function failure(bytes: Uint8Array, chunk?: number): Promise<AppError> {
  const e = await decode(bytes, chunk).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('decodeUtf8', () => {
  it('refuses a PNG, a PDF, an xlsx/zip and other binary data renamed .csv', async () => {
    expect(await failure(PNG)).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'f.csv is not a CSV file: it is a PNG image',
    });
    expect((await failure(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).message).toContain('PDF document');
    expect((await failure(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]))).message).toContain('zip archive');
    expect((await failure(Buffer.from([1, 2, 3, 0, 5, 6, 7, 8, 9, 10, 11, 12]))).message).toContain('binary data');
    const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect((await failure(controls)).message).toContain('binary data');
  });

  it('refuses invalid UTF-8, naming the line and byte, even across chunk boundaries', async () => {
    const bytes = Buffer.concat([
      Buffer.from('First Name,Last Name\nJosé,Núñez\nRen'),
      Buffer.from([0xe9]),
      Buffer.from(' Dupont,X\n'),
    ]);
    for (const chunk of [1, 4, 1 << 20]) {
      const e = await failure(bytes, chunk);
      expect(e.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(e.message).toContain('f.csv cannot be decoded at line 3 (byte 39)');
      expect(e.message).toContain('not valid UTF-8 (0xE9; Windows-1252 or Latin-1 text?)');
      expect(e.message).toContain('Save it as "CSV UTF-8"');
    }
    // A sequence cut off by the end of the file, after UTF-8 that was not all ASCII.
    expect((await failure(Buffer.concat([Buffer.from('A,B\né,'), Buffer.from([0xe2, 0x82])]))).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it("reads Windows-1252 (Excel's plain CSV) when the bytes are not UTF-8 and all before was ASCII", async () => {
    // "René;Müller;Café – Bar €" as Excel writes it on Western Windows.
    const cp1252 = Buffer.from([
      ...Buffer.from('First Name;Last Name;Company\r\nRen'),
      0xe9,
      ...Buffer.from(';M'),
      0xfc,
      ...Buffer.from('ller;Caf'),
      0xe9,
      0x20,
      0x96,
      ...Buffer.from(' Bar '),
      0x80,
      ...Buffer.from('\r\n'),
    ]);
    const heard: string[] = [];
    for (const chunk of [1, 7, 1 << 20]) {
      async function* gen(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < cp1252.length; i += chunk) yield cp1252.subarray(i, i + chunk);
      }
      const out: Buffer[] = [];
      for await (const b of decodeUtf8(gen(), 'f.csv', (e) => heard.push(e))) out.push(b);
      expect(Buffer.concat(out).toString('utf8')).toBe('First Name;Last Name;Company\r\nRené;Müller;Café – Bar €\r\n');
    }
    expect(heard).toEqual(['utf-8', 'windows-1252', 'utf-8', 'windows-1252', 'utf-8', 'windows-1252']);
    // A byte Windows-1252 does not define is refused, with its line.
    const e = await failure(Buffer.concat([Buffer.from('A,B\nx,'), Buffer.from([0xe9, 0x81])]));
    expect(e.message).toContain(
      'f.csv cannot be decoded at line 2 (byte 8): the bytes are neither UTF-8 nor Windows-1252',
    );
  });

  it('refuses UTF-16 without a byte-order mark', async () => {
    const e = await failure(Buffer.from('First Name,Last Name\n', 'utf16le'));
    expect(e.message).toContain('UTF-16 without a byte-order mark');
  });

  it('decodes UTF-8 with or without BOM, and UTF-16 LE/BE with a BOM; a lone CR becomes LF, CRLF stays', async () => {
    const text = 'First Name,Last Name\r\nZoë,王小明 🎉\rnext\n';
    const want = 'First Name,Last Name\r\nZoë,王小明 🎉\nnext\n';
    expect(await decode(Buffer.from(text))).toBe(want);
    expect(await decode(Buffer.from(`\uFEFF${text}`), 3)).toBe(want);
    expect(await decode(Buffer.from(`\uFEFF${text}`, 'utf16le'), 5)).toBe(want);
    const be = Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    expect(await decode(be, 7)).toBe(want);
    // CR LF split across chunks is still one line break; a lone CR at a chunk's end too.
    expect(await decode(Buffer.from('a\r\nb\r\nc'), 2)).toBe('a\r\nb\r\nc');
    expect(await decode(Buffer.from('a\rb\rc\r'), 2)).toBe('a\nb\nc\n');
    expect(await decode(Buffer.from(''))).toBe('');
    expect(await decode(Buffer.from('a,b'))).toBe('a,b');
  });

  it('finds the first invalid UTF-8 byte', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xff]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xc3, 0x28]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut off by the end
    expect(firstInvalidUtf8(Buffer.from([0xa9, 0x61]))).toBe(0);
  });
});
