// Free text headed for an audit row (an SMTP server's answer, say "550 <jane@example.org>:
// mailbox unavailable") may quote an e-mail address; audit rows cannot be erased, so
// addresses are blanked before the text is recorded. The address itself is in the row
// the event's subject names.
const emailAddress = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g;

export function withoutEmailAddresses(text: string): string {
  return text.replace(emailAddress, '<address>');
}
