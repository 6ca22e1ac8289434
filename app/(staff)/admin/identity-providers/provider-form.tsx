'use client';
import { useActionState, useState } from 'react';
import type { ActionResult } from '@/lib/http/action-result';

type Props = { action: (prev: unknown, form: FormData) => Promise<ActionResult<{ id: string }>> };

export function ProviderForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const [kind, setKind] = useState<'oidc' | 'saml'>('oidc');
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const fieldError = (name: string) => errors[name]?.map((m) => <p key={m} className="error">{m}</p>);
  return (
    <form action={formAction} className="card">
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>Protocol</legend>
        <label style={{ fontWeight: 400 }}><input type="radio" name="kind" value="oidc" checked={kind === 'oidc'} onChange={() => setKind('oidc')} /> OpenID Connect</label>
        <label style={{ fontWeight: 400 }}><input type="radio" name="kind" value="saml" checked={kind === 'saml'} onChange={() => setKind('saml')} /> SAML 2.0</label>
      </fieldset>
      <label htmlFor="displayName">Button label</label>
      <input id="displayName" name="displayName" required placeholder="St Mary's staff login" />
      {fieldError('displayName')}
      {kind === 'oidc' ? (
        <>
          <label htmlFor="issuer">Issuer URL</label>
          <input id="issuer" name="issuer" placeholder="https://login.example.org/realms/staff" />
          {fieldError('issuer')}
          <label htmlFor="clientId">Client id</label>
          <input id="clientId" name="clientId" />
          <label htmlFor="clientSecret">Client secret</label>
          <input id="clientSecret" name="clientSecret" type="password" autoComplete="off" />
          <label htmlFor="groupsClaim">Claim with the user&apos;s groups</label>
          <input id="groupsClaim" name="groupsClaim" defaultValue="groups" />
        </>
      ) : (
        <>
          <label htmlFor="metadataXml">IdP metadata XML (or fill the three fields below)</label>
          <textarea id="metadataXml" name="metadataXml" rows={6} style={{ width: '100%' }} />
          <label htmlFor="entityId">IdP entity id</label>
          <input id="entityId" name="entityId" />
          <label htmlFor="ssoUrl">IdP single sign-on URL (HTTP-Redirect)</label>
          <input id="ssoUrl" name="ssoUrl" />
          <label htmlFor="certificate">IdP signing certificate (PEM)</label>
          <textarea id="certificate" name="certificate" rows={4} style={{ width: '100%' }} />
        </>
      )}
      <label htmlFor="roleMapping">Group → role, one per line (e.g. <code>radiology-desk=front_desk</code>)</label>
      <textarea id="roleMapping" name="roleMapping" rows={3} style={{ width: '100%' }} />
      {fieldError('roleMapping')}
      {state && !state.ok && <p className="error" role="alert">{state.message}</p>}
      {state?.ok && <p className="ok">Saved. Register the URLs shown in the list at your identity provider.</p>}
      <button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Add identity provider'}</button>
    </form>
  );
}
