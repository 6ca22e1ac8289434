// The path of a recipient page, set by proxy.ts (and only by it: it removes any the
// client sent), read by the not-found pages, which cannot see the path otherwise.
export const recipientPathHeader = 'x-scanshare-recipient-path';
