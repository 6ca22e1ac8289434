import type { TFunction } from 'i18next';

// What a visitor sees for an unknown, expired, revoked or locked link — the same
// for all, so they cannot be told apart; the audit log records which it was.
export function LinkNotAvailable({ t }: { t: TFunction }) {
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('notFound.title')}</h1>
      <div className="card">
        <p>{t('notFound.body')}</p>
        <p className="muted">{t('notFound.hint')}</p>
      </div>
    </main>
  );
}
