// Dates and sizes in the visitor's language. Times on the server are shown in
// UTC and say so: the server cannot know the reader's time zone.
import { formattingLocale, type RecipientLanguage } from './languages';

/** "7 June 2026, 14:05 UTC" / "7 de junio de 2026, 14:05 UTC". */
export function formatDateTimeUtc(at: Date, lang: RecipientLanguage): string {
  const text = new Intl.DateTimeFormat(formattingLocale[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at);
  return `${text} UTC`;
}

/** A calendar date kept as YYYY-MM-DD (a DICOM study date): "7 June 2026" / "7 de junio de 2026". */
export function formatCalendarDate(isoDate: string, lang: RecipientLanguage): string {
  const at = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return isoDate;
  return new Intl.DateTimeFormat(formattingLocale[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

/** A date and time in the reader's own time zone (used in the browser, e.g. on the printed handout). */
export function formatLocalDateTime(at: Date, lang: RecipientLanguage): string {
  return new Intl.DateTimeFormat(formattingLocale[lang], { dateStyle: 'long', timeStyle: 'short' }).format(at);
}

/** "1.5 GB" / "1,5 GB"; at least "1 MB". */
export function formatBytes(n: number, lang: RecipientLanguage): string {
  const number = (v: number, digits: number) => new Intl.NumberFormat(formattingLocale[lang], { maximumFractionDigits: digits }).format(v);
  return n >= 1e9 ? `${number(n / 1e9, 1)} GB` : `${number(Math.max(1, Math.round(n / 1e6)), 0)} MB`;
}
