// @ts-check
import { Transform } from 'node:stream';

/**
 * The suite's tap reporter (.taprc `reporter`): one line per test file as it ends, the whole
 * TAP of a file that fails (its failing assertions with their diagnostics), and tap's own
 * closing summary (`# { total: …, pass: … }`, which CI reads).
 *
 * tap's default reporter renders with React and ink: it re-renders on every assertion, and
 * for this suite's ~15,000 assertions that was about 18 s of the runner's CPU, a tenth of the
 * whole run on a 2-core machine. This one reads the TAP text line by line: about 2 s.
 * `npx tap --reporter=base` still gives tap's own, e.g. to watch a single file.
 *
 * The time on each line is the file's own clock, as tap reports it: from the moment the file
 * loaded tap, so it leaves out starting node, the loaders and the imports before tap (a
 * second or more each): summed over files it is far below what the files cost.
 */
export default class SuiteReporter extends Transform {
  /** @type {string} */
  #partial = '';
  /** The current file's TAP lines, from `# Subtest:` to its result. @type {string[]} */
  #block = [];
  /** Lines after a failed file's result: its YAML diagnostics. */
  #diagnostics = false;
  #failedFiles = 0;

  constructor() {
    super({ encoding: 'utf8' });
  }

  /**
   * @param {Buffer | string} chunk
   * @param {BufferEncoding} _encoding
   * @param {(error?: Error | null) => void} callback
   */
  _transform(chunk, _encoding, callback) {
    const lines = (this.#partial + String(chunk)).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
    callback();
  }

  /** @param {(error?: Error | null) => void} callback */
  _flush(callback) {
    if (this.#partial) this.#line(this.#partial);
    if (this.#block.length > 0) this.push(`${this.#block.join('\n')}\n`);
    if (this.#failedFiles > 0) this.push(`\n${this.#failedFiles} test file${this.#failedFiles === 1 ? '' : 's'} failed: their TAP is above\n`);
    callback();
  }

  /** @param {string} line */
  #line(line) {
    if (this.#diagnostics) {
      // A failed file's YAML block (---, indented two spaces, to ...) follows its result line.
      if (line.startsWith('  ')) {
        this.push(`${line}\n`);
        if (line === '  ...') this.#diagnostics = false;
        return;
      }
      this.#diagnostics = false;
    }
    if (line.startsWith(' ') || line.startsWith('\t') || line.startsWith('# Subtest: ')) {
      this.#block.push(line);
      return;
    }
    const result = /^(not )?ok \d+ - (.*?)(?: # (time=[\d.]+ms|SKIP.*|TODO.*))?$/.exec(line);
    if (result) {
      this.#result(!result[1], result[2] ?? '', result[3] ?? '');
      return;
    }
    // The plan, tap's closing summary and any other comment or bail-out of the runner.
    if (line === '' || line.startsWith('TAP version') || /^1\.\.\d+/.test(line)) return;
    this.push(`${line}\n`);
  }

  /**
   * @param {boolean} ok
   * @param {string} name
   * @param {string} directive
   */
  #result(ok, name, directive) {
    const block = this.#block;
    this.#block = [];
    // Assertions: the result lines inside the file that are not a subtest's (those end in its time).
    const asserts = block.filter((l) => /^\s+(not )?ok \d+/.test(l) && !/ # time=[\d.]+ms$/.test(l));
    const skipped = asserts.filter((l) => / # (TODO|SKIP)\b/.test(l)).length;
    const failed = asserts.filter((l) => /^\s+not ok \d+/.test(l)).length - asserts.filter((l) => /^\s+not ok .* # (TODO|SKIP)\b/.test(l)).length;
    const ms = /^time=([\d.]+)ms$/.exec(directive);
    const time = ms ? ` ${(Number(ms[1]) / 1000).toFixed(1)}s` : directive ? ` # ${directive}` : '';
    const counts = ok ? `${asserts.length} OK${skipped ? `, ${skipped} skipped` : ''}` : `${failed} failed of ${asserts.length}`;
    this.push(`${ok ? ' PASS ' : ' FAIL '} ${name} ${counts}${time}\n`);
    if (!ok) {
      this.#failedFiles += 1;
      this.push(`${block.join('\n')}\n`);
      this.#diagnostics = true;
    }
  }
}
