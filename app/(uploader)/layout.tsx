import { RecipientChrome } from '@/app/components/recipient/recipient-chrome';

// The outside sender's pages (/u/<token>, /uploads-for/<id>) are recipient pages in
// all but direction: the same chrome (skip link, language switch) and languages.
export default function UploaderLayout({ children }: { children: React.ReactNode }) {
  return <RecipientChrome>{children}</RecipientChrome>;
}
