// Test users of the SAML IdP. `uid` becomes the persistent NameID (stable, not the
// e-mail), so tests can show that identity is keyed by (issuer, NameID).

export type SamlTestUser = {
  username: string;
  password: string;
  uid: string;
  email: string;
  displayName: string;
  groups: string[];
};

export const defaultSamlUsers: SamlTestUser[] = [
  { username: 'frontdesk.alice', password: 'alice-password', uid: 'u-1001', email: 'alice@hospital.test', displayName: 'Alice Frontdesk', groups: ['imaging-frontdesk'] },
  { username: 'admin.bob', password: 'bob-password', uid: 'u-1002', email: 'bob@hospital.test', displayName: 'Bob Admin', groups: ['imaging-admins', 'imaging-frontdesk'] },
  { username: 'nobody.carol', password: 'carol-password', uid: 'u-1003', email: 'carol@hospital.test', displayName: 'Carol Nogroup', groups: [] },
];
