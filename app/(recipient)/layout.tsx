import { RecipientChrome } from '@/app/components/recipient/recipient-chrome';
import { ViewerHostProvider } from './viewer-host';

// Shared by the access check (/s/<token>) and the study list (/links/<id>): the
// viewer host lives here, so a viewer booted during the access check survives the
// navigation to the list. The chrome (skip link, language switch) and the
// translator for client components wrap it.
export default function RecipientLayout({ children }: { children: React.ReactNode }) {
  return (
    <RecipientChrome>
      <ViewerHostProvider>{children}</ViewerHostProvider>
    </RecipientChrome>
  );
}
