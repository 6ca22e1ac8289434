// Whether a request may be a server action, decided the way Next decides it
// (next/dist/server/lib/server-action-request-meta.js): a POST that carries the
// Next-Action header (the page's script calling the action) or a form body (a form
// sent before the script ran, which names its action inside the body).
export function mayBeServerAction(method: string, headers: Headers): boolean {
  if (method !== 'POST') return false;
  if (headers.has('next-action')) return true;
  const type = (headers.get('content-type') ?? '').toLowerCase();
  return type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded');
}
