import { escapeHtml, safeUrl } from '../escape.ts';
import type { DeliveryDigest, Line, Span } from '../model.ts';

/**
 * The newsletter: one HTML document with inline styles only (mail clients drop <style> and
 * external CSS), the whole summaries with their key phrase in bold, the charts as inline CID
 * images, and a plain-text twin for the multipart/alternative text part.
 */

const style = {
  body: 'margin:0;padding:0;background:#f4f4f5;',
  wrapper:
    'max-width:680px;margin:0 auto;padding:24px;background:#ffffff;font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:15px;line-height:1.6;color:#1f2933;',
  h1: 'font-size:22px;line-height:1.3;margin:0 0 8px;color:#111827;',
  overview: 'margin:0 0 16px;color:#4b5563;',
  h2: 'font-size:18px;margin:28px 0 8px;padding-top:12px;border-top:1px solid #e5e7eb;color:#111827;',
  paper: 'margin:0 0 16px;',
  title: 'font-weight:600;color:#1d4ed8;text-decoration:none;',
  venue: 'color:#047857;',
  small: 'color:#6b7280;font-size:13px;',
  image: 'max-width:100%;height:auto;border:0;display:block;margin:12px 0;',
};

export interface EmailChart {
  alt: string;
  cid: string;
}

function spansHtml(line: Line, origins: string[]): string {
  return line
    .map((span: Span) => {
      if ('url' in span) {
        const href = safeUrl(span.url, origins);
        return href
          ? `<a href="${escapeHtml(href)}" style="${style.title}">${escapeHtml(span.text)}</a>`
          : escapeHtml(span.text);
      }
      return span.bold ? `<strong>${escapeHtml(span.text)}</strong>` : escapeHtml(span.text);
    })
    .join('');
}

export function emailHtml(digest: DeliveryDigest, charts: EmailChart[], origins: string[]): string {
  const parts: string[] = [];
  const link = (text: string, url: string): string => spansHtml([{ text, url }], origins);
  parts.push(`<h1 style="${style.h1}">${escapeHtml(digest.title)}</h1>`);
  if (digest.overview) parts.push(`<p style="${style.overview}">${escapeHtml(digest.overview)}</p>`);
  if (digest.postUrl)
    parts.push(
      `<p style="${style.small}">${link(digest.language === 'zh' ? '在网站上阅读' : 'Read on the web', digest.postUrl)}</p>`,
    );
  digest.papers.forEach((paper, index) => {
    const lead = paper.lead ? `${escapeHtml(paper.lead)} ` : '';
    parts.push(
      `<p style="${style.paper}">${index + 1}. ${lead}${link(paper.title, paper.url)}<br>${spansHtml(paper.summary, origins)}</p>`,
    );
  });
  if (digest.directions.length > 0) {
    parts.push(`<h2 style="${style.h2}">${escapeHtml(digest.directionsHeading)}</h2>`);
    digest.directions.forEach((direction, index) => {
      const items = direction.papers
        .map(
          (paper) =>
            `<li>${link(paper.title, paper.url)}${paper.note ? ` <span style="${style.small}">(${escapeHtml(paper.note)})</span>` : ''}</li>`,
        )
        .join('');
      parts.push(
        `<p style="margin:12px 0 4px;"><strong>${index + 1}. ${escapeHtml(direction.name)}</strong></p>` +
          (direction.overview
            ? `<p style="margin:0 0 4px;${style.small}">${escapeHtml(direction.overview)}</p>`
            : '') +
          `<ul style="margin:0 0 8px;padding-left:20px;">${items}</ul>`,
      );
    });
  }
  if (digest.trends.length > 0) {
    parts.push(`<h2 style="${style.h2}">${escapeHtml(digest.trendsHeading)}</h2>`);
    for (const intro of digest.trendIntro) parts.push(`<p style="margin:0 0 8px;">${escapeHtml(intro)}</p>`);
    parts.push(
      `<ol style="margin:0 0 8px;padding-left:20px;">${digest.trends.map((trend) => `<li>${escapeHtml(trend)}</li>`).join('')}</ol>`,
    );
  }
  for (const chart of charts)
    parts.push(
      `<img src="cid:${escapeHtml(chart.cid)}" alt="${escapeHtml(chart.alt)}" style="${style.image}">`,
    );
  return `<!doctype html><html lang="${digest.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(digest.title)}</title></head><body style="${style.body}"><div style="${style.wrapper}">${parts.join('\n')}</div></body></html>`;
}

const plain = (line: Line): string =>
  line.map((span) => ('url' in span ? `${span.text} <${span.url}>` : span.text)).join('');

export function emailText(digest: DeliveryDigest): string {
  const lines: string[] = [digest.title, ''];
  if (digest.overview) lines.push(digest.overview, '');
  if (digest.postUrl) lines.push(digest.postUrl, '');
  digest.papers.forEach((paper, index) => {
    lines.push(
      `${index + 1}. ${paper.lead ? `${paper.lead} ` : ''}${paper.title} <${paper.url}>`,
      `   ${plain(paper.summary)}`,
      '',
    );
  });
  if (digest.directions.length > 0) {
    lines.push(digest.directionsHeading, '');
    digest.directions.forEach((direction, index) => {
      lines.push(`${index + 1}. ${direction.name}`);
      if (direction.overview) lines.push(`   ${direction.overview}`);
      for (const paper of direction.papers)
        lines.push(`   - ${paper.title} <${paper.url}>${paper.note ? ` (${paper.note})` : ''}`);
      lines.push('');
    });
  }
  if (digest.trends.length > 0) {
    lines.push(digest.trendsHeading, '', ...digest.trendIntro);
    digest.trends.forEach((trend, index) => {
      lines.push(`${index + 1}. ${trend}`);
    });
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
