import { redirect } from 'next/navigation';
import { currentStaffActor } from '@/lib/auth/current-staff';
import { answerStaffPageRefusal } from '@/lib/http/staff-page-refusal';
import { listIdentityProviders } from '@/lib/identity-providers/list-identity-providers';
import { saveIdentityProviderAction, setEmailDomainsAction } from './actions';
import { EmailDomainsForm } from './email-domains-form';
import { ProviderForm } from './provider-form';

export default async function IdentityProvidersPage() {
  const actor = await currentStaffActor();
  if (!actor) redirect('/sign-in');
  const providers = await listIdentityProviders(actor).catch(answerStaffPageRefusal);
  return (
    <main>
      <h1>Identity providers</h1>
      {providers.length === 0 && <p className="muted">None yet: staff can only use the demo sign-in.</p>}
      {providers.map((p) => (
        <div key={p.id} className="card" data-testid="identity-provider">
          <strong>{p.displayName}</strong> <span className="muted">({p.kind.toUpperCase()}{p.enabled ? '' : ', disabled'})</span>
          <div className="muted">{p.issuerOrEntityId}</div>
          {p.registration.map((r) => (
            <div key={r.label}>
              <label>{r.label}</label>
              <div className="secret">{r.value}</div>
            </div>
          ))}
          <div className="muted">
            Roles from groups: {Object.entries(p.roleMapping).map(([g, roles]) => `${g} → ${roles.join(', ')}`).join('; ') || 'none (admins grant roles)'}
          </div>
          <EmailDomainsForm providerId={p.id} domains={p.emailDomains} action={setEmailDomainsAction} />
        </div>
      ))}
      <h2>Connect an identity provider</h2>
      <ProviderForm action={saveIdentityProviderAction} />
    </main>
  );
}
