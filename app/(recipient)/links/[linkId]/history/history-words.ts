// The link history table's words in the patient's language.
import type { TFunction } from 'i18next';
import type { LinkHistoryWords } from '@/app/components/link-history-table';
import { formatDateTimeUtc } from '@/lib/i18n/format';
import type { RecipientLanguage } from '@/lib/i18n/languages';

export function historyWords(t: TFunction, lang: RecipientLanguage): LinkHistoryWords {
  return {
    when: t('history.when'),
    what: t('history.what'),
    outcome: t('history.outcome'),
    from: t('history.from'),
    // Event types added later show as themselves until they are translated.
    event: (type) => t(`history.events.${type}`, { defaultValue: type }),
    result: (e) => {
      if (e.outcome === 'success') return t('history.ok');
      if (!e.reason) return t('history.refused');
      return t('history.refusedBecause', { reason: t(`history.reasons.${e.reason}`, { defaultValue: e.reason.replaceAll('_', ' ') }) });
    },
    at: (d) => formatDateTimeUtc(d, lang),
  };
}
