import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateLanguage } from '@/lib/i18n/negotiate-language';
import { formatBytes, formatCalendarDate, formatDateTimeUtc } from '@/lib/i18n/format';
import en from '@/lib/i18n/locales/en.json';
import es from '@/lib/i18n/locales/es.json';

test('[I18N] the switch cookie wins; otherwise the best Accept-Language match; otherwise English', () => {
  assert.equal(negotiateLanguage({ acceptLanguage: 'es-MX,es;q=0.9,en;q=0.8' }), 'es');
  assert.equal(negotiateLanguage({ acceptLanguage: 'es-419' }), 'es');
  assert.equal(negotiateLanguage({ acceptLanguage: 'fr-FR,es;q=0.5,en;q=0.4' }), 'es');
  assert.equal(negotiateLanguage({ acceptLanguage: 'en-US,es;q=0.9' }), 'en');
  assert.equal(negotiateLanguage({ acceptLanguage: 'de-DE' }), 'en');
  assert.equal(negotiateLanguage({ acceptLanguage: '' }), 'en');
  assert.equal(negotiateLanguage({ acceptLanguage: '*' }), 'en');
  assert.equal(negotiateLanguage({ acceptLanguage: 'not a language!!, es' }), 'es');
  assert.equal(negotiateLanguage({ cookie: 'en', acceptLanguage: 'es' }), 'en');
  assert.equal(negotiateLanguage({ cookie: 'es', acceptLanguage: 'en' }), 'es');
  assert.equal(negotiateLanguage({ cookie: 'xx', acceptLanguage: 'es' }), 'es');
});

/** Every key path of a nested resource object. */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

test('[I18N] English and Spanish have the same keys, none empty, and the same placeholders', () => {
  assert.deepEqual(keys(es), keys(en));
  const lookup = (o: object, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o) as string;
  for (const key of keys(en)) {
    const [a, b] = [lookup(en, key), lookup(es, key)];
    assert.ok(a.trim() && b.trim(), key);
    assert.deepEqual(b.match(/\{\{\w+\}\}/g)?.sort() ?? [], a.match(/\{\{\w+\}\}/g)?.sort() ?? [], key);
  }
});

test('[I18N] dates and sizes are written the way each language writes them', () => {
  const at = new Date('2026-06-07T14:05:00Z');
  assert.equal(formatDateTimeUtc(at, 'en'), '7 June 2026 at 14:05 UTC');
  assert.equal(formatDateTimeUtc(at, 'es'), '7 de junio de 2026 a las 14:05 UTC');
  assert.equal(formatCalendarDate('1980-03-07', 'es'), '7 de marzo de 1980');
  assert.equal(formatCalendarDate('1980-03-07', 'en'), '7 March 1980');
  assert.equal(formatBytes(1_540_000_000, 'es'), '1,5 GB');
  assert.equal(formatBytes(1_540_000_000, 'en'), '1.5 GB');
  assert.equal(formatBytes(1_000, 'en'), '1 MB');
});
