// The page a person sees while the database is down: plain HTML (no script, no
// database, nothing that could fail in turn), in English or Spanish by the
// visitor's lang cookie or Accept-Language, with 503 and Retry-After so browsers,
// load balancers and crawlers know it is temporary.
import { RETRY_AFTER_SECONDS } from './dependency-failure';

const words = {
  en: { title: 'ScanShare is briefly unavailable', body: 'We cannot reach our records right now. Nothing you did was lost. Please try again in a minute.', again: 'Try again' },
  es: { title: 'ScanShare no está disponible por un momento', body: 'Ahora mismo no podemos acceder a nuestros registros. No se ha perdido nada de lo que hizo. Vuelva a intentarlo en un minuto.', again: 'Intentar de nuevo' },
} as const;

export function pickLanguage(cookieLang: string | undefined, acceptLanguage: string | null): keyof typeof words {
  if (cookieLang === 'es' || cookieLang === 'en') return cookieLang;
  const first = acceptLanguage?.split(',').map((part) => part.trim().slice(0, 2).toLowerCase()).find((tag) => tag === 'es' || tag === 'en');
  return first ?? 'en';
}

export function unavailablePage(lang: keyof typeof words): Response {
  const w = words[lang];
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${w.title}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">` +
    `<h1>${w.title}</h1><p role="alert">${w.body}</p><p><a href="">${w.again}</a></p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' },
  });
}
