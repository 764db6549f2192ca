/** One report, any format: the body and its media type. */
import type { ReportFormat, WeeklyReport } from '../../../shared/index.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';

export const MEDIA_TYPE: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function renderReport(report: WeeklyReport, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

/** `nurture-report-2026-W47.html` */
export function reportFileName(report: { week: string }, format: ReportFormat): string {
  return `nurture-report-${report.week}.${format}`;
}
