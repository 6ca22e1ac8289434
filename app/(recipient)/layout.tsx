import { ViewerHostProvider } from './viewer-host';

// Shared by the access check (/s/<token>) and the study list (/links/<id>): the
// viewer host lives here, so a viewer booted during the access check survives the
// navigation to the list.
export default function RecipientLayout({ children }: { children: React.ReactNode }) {
  return <ViewerHostProvider>{children}</ViewerHostProvider>;
}
