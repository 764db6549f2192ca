/**
 * Import a LinkedIn export (zip or CSV) or a contacts CSV: a dry run first
 * shows what would happen, the rows that would be rejected and why, then the
 * user confirms.
 */
import { ImportRecordPage, ImportReportSchema, type ImportReport } from '../../../shared/index.js';
import { ColumnMapper, csvHeader, isLinkedInHeader } from '../forms/column-mapper.js';
import { ApiError, getJson, messageOf, upload } from '../api.js';
import { fill, h, link, liveRegion } from '../core/dom.js';
import { count } from '../core/format.js';
import { forgetMe, me as loadMe } from '../core/people.js';
import type { View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { forgetGraph } from '../graph/graph-data.js';
import { messagesReport } from './import-messages.js';

export async function importView(): Promise<View> {
  const me = await loadMe().catch(() => null);
  const fileInput = h('input', {
    id: 'import-file',
    type: 'file',
    accept: '.csv,.zip,.vcf,.ics,.mbox,text/csv,application/zip,text/vcard,text/calendar,application/mbox',
    'aria-describedby': 'import-file-error import-file-hint',
  });
  const fileError = h('p', { id: 'import-file-error', class: 'field-error', hidden: true });
  const meInput = h('input', {
    id: 'import-me',
    type: 'text',
    autocomplete: 'name',
    'aria-describedby': 'import-me-error import-me-hint',
  });
  const meError = h('p', { id: 'import-me-error', class: 'field-error', hidden: true });
  const meEmailInput = h('input', {
    id: 'import-me-email',
    type: 'text',
    autocomplete: 'email',
    'aria-describedby': 'import-me-email-error import-me-email-hint',
  });
  const meEmailError = h('p', { id: 'import-me-email-error', class: 'field-error', hidden: true });
  /** Address books, calendars and mailboxes: no mapping, and no LinkedIn name needed. */
  const isEvidence = (name: string) => /\.(vcf|vcard|ics|ical|mbox|mbx)$/i.test(name);
  const mapper = new ColumnMapper();
  const mapperBox = h(
    'details',
    { class: 'mapper-box' },
    h('summary', null, 'Column mapping for a contacts CSV'),
    mapper.el,
  );
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file || !/\.csv$/i.test(file.name)) {
      mapper.setColumns(
        null,
        file
          ? isEvidence(file.name)
            ? 'This file needs no mapping.'
            : 'A zip export needs no mapping: its files are known.'
          : '',
      );
      mapperBox.open = false;
      return;
    }
    // The header row is in the first few kilobytes.
    void file
      .slice(0, 64 * 1024)
      .text()
      .then((text) => {
        const columns = csvHeader(text);
        if (isLinkedInHeader(columns)) {
          mapper.setColumns(null, 'A LinkedIn file: its columns are known, no mapping needed.');
          mapperBox.open = false;
        } else {
          mapper.setColumns(columns);
          mapperBox.open = true;
        }
      })
      .catch(() => mapper.setColumns(null, 'The file could not be read.'));
  });
  const mappingError = h('p', { id: 'import-mapping-error', class: 'field-error', hidden: true });
  const previewButton = h('button', { type: 'submit' }, 'Preview (dry run)');
  const status = liveRegion();
  const reportBox = h('div', { class: 'import-report' });
  const history = h('div', { class: 'import-history' });

  const setError = (input: HTMLElement, box: HTMLElement, message: string | null) => {
    box.textContent = message ?? '';
    box.hidden = message === null;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };

  function fields(): { file: File; form: () => FormData } | null {
    setError(fileInput, fileError, null);
    setError(meInput, meError, null);
    setError(mapper.el, mappingError, null);
    const file = fileInput.files?.[0];
    let bad: HTMLElement | null = null;
    if (!file) {
      setError(
        fileInput,
        fileError,
        'Choose a file: the LinkedIn export (zip), Connections.csv, a contacts CSV, an address book (.vcf), a calendar (.ics) or a mailbox (.mbox).',
      );
      bad = fileInput;
    }
    const meName = meInput.value.trim();
    const meEmail = meEmailInput.value.trim();
    setError(meEmailInput, meEmailError, null);
    if (!me && !meName && !(file && isEvidence(file.name))) {
      setError(meInput, meError, 'Nobody is recorded as you yet: give your name as it appears on LinkedIn.');
      bad ??= meInput;
    }
    const mapping = mapper.mapping();
    if (bad || !file) {
      bad?.focus();
      return null;
    }
    return {
      file,
      form: () => {
        const form = new FormData();
        if (meName) form.set('meName', meName);
        if (meEmail) form.set('meEmail', meEmail);
        if (mapping) form.set('mapping', JSON.stringify(mapping));
        form.set('file', file, file.name);
        return form;
      },
    };
  }

  async function preview(): Promise<void> {
    const f = fields();
    if (!f) return;
    previewButton.disabled = true;
    status.textContent = `Reading ${f.file.name}…`;
    try {
      const form = f.form();
      form.set('dryRun', 'true');
      const report = await upload('/api/v1/imports', form, ImportReportSchema);
      status.textContent = `Dry run done: nothing written yet.`;
      showReport(report, f);
    } catch (e) {
      showFailure(e);
    } finally {
      previewButton.disabled = false;
    }
  }

  function showFailure(e: unknown): void {
    status.textContent = '';
    const errors = e instanceof ApiError ? e.fieldErrors() : new Map<string, string>();
    if (errors.has('file')) setError(fileInput, fileError, errors.get('file')!);
    if (errors.has('meName')) setError(meInput, meError, errors.get('meName')!);
    if (errors.has('meEmail')) setError(meEmailInput, meEmailError, errors.get('meEmail')!);
    if (errors.has('mapping')) setError(mapper.el, mappingError, errors.get('mapping')!);
    reportBox.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, `The import failed: ${messageOf(e)}`));
  }

  function counts(r: ImportReport): HTMLElement {
    const rows: [string, number][] = [
      ['New people', r.new],
      ['Updated people', r.updated],
      ['Unchanged people', r.unchanged],
      ['Hidden profiles (skipped)', r.hidden],
      ['New organisations', r.organizations],
      ['New ties', r.ties],
      ['New interactions', r.interactions],
      ['Rejected rows', r.rejected.length],
      ...(r.evidence
        ? ([
            [r.kind === 'mbox' ? 'Emails read' : 'Meetings read', r.evidence.read],
            ['Already on file', r.evidence.onFile],
            ...Object.entries(r.evidence.leftOut).map(([why, n]): [string, number] => [`Left out: ${why}`, n]),
            ...(r.evidence.threads
              ? ([
                  ['Threads started by you', r.evidence.threads.startedByMe],
                  ['Threads started by others', r.evidence.threads.startedByOthers],
                  ['Threads answered', r.evidence.threads.answered],
                ] as [string, number][])
              : []),
          ] as [string, number][])
        : []),
    ];
    return h(
      'table',
      { class: 'data counts' },
      h(
        'caption',
        null,
        `${r.fileName}: read as ${r.kind}${r.me ? `; you are ${r.me.name}${r.me.created ? ' (new)' : ''}` : ''}`,
      ),
      h(
        'tbody',
        null,
        rows.map(([k, v]) =>
          h('tr', { 'data-count': k }, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, count(v))),
        ),
      ),
    );
  }

  function showReport(r: ImportReport, f: { form: () => FormData }): void {
    const accept = h('input', { id: 'import-accept', type: 'checkbox' });
    const confirm = h(
      'button',
      { type: 'button', class: 'confirm' },
      r.rejected.length > 0 ? 'Import the valid rows' : 'Confirm import',
    );
    confirm.addEventListener('click', async () => {
      if (r.rejected.length > 0 && !accept.checked) {
        status.textContent =
          'Tick the box to import the valid rows and skip the rejected ones, or fix the file and preview again.';
        accept.focus();
        return;
      }
      confirm.disabled = true;
      status.textContent = 'Importing…';
      try {
        const form = f.form();
        if (r.rejected.length > 0) form.set('acceptValidRows', 'true');
        const done = await upload('/api/v1/imports', form, ImportReportSchema);
        forgetGraph();
        forgetMe();
        status.textContent = done.written ? 'Imported.' : 'Nothing was written.';
        reportBox.replaceChildren(
          h('h3', null, done.written ? 'Imported' : 'Nothing written'),
          counts(done),
          messagesReport(done) ?? '',
          h(
            'p',
            null,
            'The analysis updates in a few seconds. ',
            link('/explorer', 'Open the explorer'),
            ' or ',
            link('/board', 'the nurture board'),
            '.',
          ),
        );
        void loadHistory();
      } catch (e) {
        showFailure(e);
      } finally {
        confirm.disabled = false;
      }
    });
    fill(
      reportBox,
      h('h3', null, 'Dry run: what the import would do'),
      counts(r),
      messagesReport(r),
      r.possibleDuplicates.length > 0
        ? h(
            'div',
            null,
            h('h4', null, 'Possible duplicates (kept apart, never merged)'),
            h(
              'ul',
              null,
              r.possibleDuplicates.map((d) => h('li', null, `line ${d.line}: ${d.name}`)),
            ),
          )
        : null,
      r.rejected.length > 0
        ? h(
            'div',
            { class: 'rejected' },
            h('h4', null, `Rejected rows (${r.rejected.length})`),
            h(
              'table',
              { class: 'data rejected-rows' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, 'Line'),
                  h('th', { scope: 'col' }, 'File'),
                  h('th', { scope: 'col' }, 'Why'),
                ),
              ),
              h(
                'tbody',
                null,
                r.rejected.map((x) =>
                  h(
                    'tr',
                    null,
                    h('td', { class: 'num' }, String(x.line)),
                    h('td', null, x.file ?? r.fileName),
                    h('td', null, x.reason),
                  ),
                ),
              ),
            ),
            h(
              'p',
              null,
              h(
                'label',
                { class: 'inline', for: 'import-accept' },
                accept,
                ' Import the valid rows and skip the rejected ones',
              ),
            ),
          )
        : h('p', null, 'No rows rejected.'),
      r.preview.length > 0
        ? h(
            'div',
            null,
            h('h4', null, `Preview (first ${r.preview.length} rows)`),
            h(
              'table',
              { class: 'data preview-rows' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Line', 'Name', 'Company', 'Position', 'Outcome'].map((c) => h('th', { scope: 'col' }, c)),
                ),
              ),
              h(
                'tbody',
                null,
                r.preview.map((p) =>
                  h(
                    'tr',
                    null,
                    h('td', { class: 'num' }, String(p.line)),
                    h('td', null, p.name),
                    h('td', null, p.company ?? ''),
                    h('td', null, p.position ?? ''),
                    h('td', null, p.outcome),
                  ),
                ),
              ),
            ),
          )
        : null,
      h('p', { class: 'form-actions' }, confirm),
    );
    reportBox.querySelector('h3')?.setAttribute('tabindex', '-1');
    (reportBox.querySelector('h3') as HTMLElement | null)?.focus();
  }

  async function loadHistory(): Promise<void> {
    try {
      const page = await getJson('/api/v1/imports?limit=10', ImportRecordPage);
      history.replaceChildren(
        h('h3', null, 'Past imports'),
        page.items.length === 0
          ? h('p', { class: 'muted' }, 'None yet.')
          : h(
              'ul',
              null,
              page.items.map((x) =>
                h(
                  'li',
                  null,
                  `${new Date(x.importedAt).toLocaleString('en')}: ${x.fileName} (${x.kind}) `,
                  h(
                    'span',
                    { class: 'muted' },
                    Object.entries(x.counts)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(', '),
                  ),
                ),
              ),
            ),
      );
    } catch {
      history.replaceChildren();
    }
  }
  void loadHistory();

  const form = h(
    'form',
    { class: 'import-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'import-file' }, 'File'),
      fileInput,
      h(
        'p',
        { id: 'import-file-hint', class: 'hint' },
        'The LinkedIn data export (zip), or one of its CSVs (Connections.csv, messages.csv, Invitations.csv, Profile.csv), a contacts CSV, an address book (.vcf, vCard 3 or 4), a calendar (.ics) or a mailbox (.mbox, headers only: bodies are never read into Nurture).',
      ),
      fileError,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'import-me' }, 'Your name on LinkedIn'),
      meInput,
      h(
        'p',
        { id: 'import-me-hint', class: 'hint' },
        me
          ? `You are recorded as ${me.name}; leave empty to keep it.`
          : 'Needed once, so your own messages and connections attach to you.',
      ),
      meError,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'import-me-email' }, 'Your email addresses'),
      meEmailInput,
      h(
        'p',
        { id: 'import-me-email-hint', class: 'hint' },
        'For a calendar or a mailbox: every address you use, separated by commas, so your meetings and emails attach to you.',
      ),
      meEmailError,
    ),
    mapperBox,
    mappingError,
    h('div', { class: 'form-actions' }, previewButton),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void preview();
  });

  return {
    el: h(
      'section',
      { class: 'view import-view' },
      h('h2', null, 'Import connections'),
      canWrite() ? form : h('p', null, 'Your role in this workspace is viewer: imports need a member or owner.'),
      status,
      reportBox,
      history,
    ),
    title: 'Import',
  };
}
