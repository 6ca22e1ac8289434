import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { auditEventTypes } from '@/lib/audit/audit-event-types';
import { purposeOfUseCodes } from '@/lib/audit/purpose-of-use';
import { searchAuditLog, type AuditLogPage, type AuditLogRow } from '@/lib/audit/search-audit-log';
import { isAppError } from '@/lib/errors';
import { requestContextFrom } from '@/lib/http/request-context';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';

// "Who saw this patient's CT, when, from where": filter by patient and study.
// The search params are the filters; lib/ validates them and records the search.
const filterFields = ['patient', 'study', 'user', 'link', 'type', 'action', 'outcome', 'from', 'to'] as const;
const actionLabels = { C: 'Create', R: 'Read', U: 'Update', D: 'Delete', E: 'Execute' } as const;

const typeLabel = (type: string) => type.charAt(0) + type.slice(1).toLowerCase().replaceAll('_', ' ');
const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);

type Params = Record<string, string | string[] | undefined>;

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const params = await searchParams;
  const { before, ...filters } = params;
  let result: AuditLogPage | null = null;
  let error: string | null = null;
  try {
    result = await searchAuditLog(actor, filters, { before }, requestContextFrom(await headers()));
  } catch (err) {
    if (!isAppError(err) || err.status !== 400) answerStaffPageRefusal(err);
    error = err.publicMessage;
  }
  const current = new URLSearchParams();
  for (const key of filterFields) if (typeof params[key] === 'string' && params[key]) current.set(key, params[key]);
  const value = (key: (typeof filterFields)[number]) => (typeof params[key] === 'string' ? params[key] : '');
  const query = (extra: Record<string, string>) => {
    const qs = new URLSearchParams([...current, ...Object.entries(extra)]).toString();
    return qs ? `?${qs}` : '';
  };

  return (
    <main>
      <h1>Audit log</h1>
      <form className="card" role="search" aria-label="Filter the audit log" method="get">
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(15rem, 1fr))', columnGap: '1rem' }}>
          <Field id="patient" label="Patient (PatientID / MRN, or part of the name)">
            <input id="patient" name="patient" defaultValue={value('patient')} />
          </Field>
          <Field id="study" label="Study (Study Instance UID or accession number)">
            <input id="study" name="study" defaultValue={value('study')} />
          </Field>
          <Field id="user" label="Staff user (e-mail)">
            <input id="user" name="user" type="email" defaultValue={value('user')} />
          </Field>
          <Field id="link" label="Share link (id)">
            <input id="link" name="link" defaultValue={value('link')} />
          </Field>
          <Field id="type" label="Event">
            <select id="type" name="type" defaultValue={value('type')}>
              <option value="">Any event</option>
              {auditEventTypes.map((t) => <option key={t} value={t}>{typeLabel(t)}</option>)}
            </select>
          </Field>
          <Field id="action" label="Action">
            <select id="action" name="action" defaultValue={value('action')}>
              <option value="">Any action</option>
              {Object.entries(actionLabels).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
            </select>
          </Field>
          <Field id="outcome" label="Outcome">
            <select id="outcome" name="outcome" defaultValue={value('outcome')}>
              <option value="">Any outcome</option>
              <option value="success">Succeeded</option>
              <option value="failure">Refused or failed</option>
            </select>
          </Field>
          <Field id="from" label="From (UTC day, included)">
            <input id="from" name="from" type="date" defaultValue={value('from')} />
          </Field>
          <Field id="to" label="To (UTC day, included)">
            <input id="to" name="to" type="date" defaultValue={value('to')} />
          </Field>
        </div>
        <div className="actions">
          <button type="submit">Search</button>
          <Link className="button secondary" href="/audit">Clear</Link>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <>
          <p className="actions">
            <a className="button secondary" href={`/api/audit/export${query({ format: 'csv' })}`}>Export CSV</a>
            <a className="button secondary" href={`/api/audit/export${query({ format: 'fhir' })}`}>Export FHIR AuditEvents</a>
          </p>
          <AuditTable rows={result.rows} />
          <p className="actions">
            {before !== undefined && <Link href={`/audit${query({})}`}>Newest</Link>}
            {result.nextCursor !== null && <Link href={`/audit${query({ before: String(result.nextCursor) })}`} rel="next">Older →</Link>}
          </p>
        </>
      )}
    </main>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return <div><label htmlFor={id}>{label}</label>{children}</div>;
}

function AuditTable({ rows }: { rows: AuditLogRow[] }) {
  if (rows.length === 0) return <p className="card">No events match these filters.</p>;
  return (
    <table data-testid="audit-log">
      <caption className="muted">Newest first; times in UTC.</caption>
      <thead>
        <tr>
          <th scope="col">When</th><th scope="col">What</th><th scope="col">Outcome</th><th scope="col">Who</th>
          <th scope="col">Patient</th><th scope="col">Study</th><th scope="col">From where</th><th scope="col">Purpose</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{when(r.occurredAt)}<div className="muted">#{r.id}</div></td>
            <td>{typeLabel(r.type)}<div className="muted">{actionLabels[r.action]}</div></td>
            <td>{r.outcome === 'success' ? 'OK' : 'Refused'}{r.reason && <div className="muted">{r.reason.replaceAll('_', ' ')}</div>}</td>
            <td>{r.actorDisplay}{r.actorRole && <div className="muted">{r.actorRole.replaceAll('_', ' ')}</div>}</td>
            <td>{r.patient ? <>{r.patient.name || '(no name)'}<div className="muted">{r.patient.mrn ?? '—'}</div></> : '—'}</td>
            <td>
              {r.studies.length === 0 ? '—' : r.studies.map((s) => (
                <div key={s.id}>{s.description || '(no description)'}<div className="muted" style={{ wordBreak: 'break-all' }}>{s.uid ?? s.id}</div></div>
              ))}
            </td>
            <td className="muted">{r.clientIp ?? '—'}<div>{r.userAgent?.slice(0, 80)}</div></td>
            <td>{r.purposeOfUse ? (purposeOfUseCodes[r.purposeOfUse as keyof typeof purposeOfUseCodes] ?? r.purposeOfUse) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
