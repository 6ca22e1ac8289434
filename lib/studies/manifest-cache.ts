// A short-lived, per-process cache of built manifests, keyed by link and study.
// Only ever consulted after the request was authorized and audited; it saves the
// signing and serialising of hundreds of URLs when a viewer (or several tabs, or
// a prefetch and a view) asks again within a few seconds. An entry lives at most
// a quarter of its URLs' lifetime and never more than a minute, so URLs handed out
// from it always have most of their life left. Concurrent misses share one build.
const maxEntries = 500;
const maxAgeMs = 60_000;

type Entry = { value: Promise<string>; freshUntil: number };
const entries = new Map<string, Entry>();

export async function cachedManifest(key: string, urlLifetimeSeconds: number, build: () => Promise<string>): Promise<string> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.freshUntil > now) return hit.value;
  const value = build();
  entries.set(key, { value, freshUntil: now + Math.min(maxAgeMs, (urlLifetimeSeconds * 1000) / 4) });
  value.catch(() => entries.delete(key));
  if (entries.size > maxEntries) {
    for (const [k, e] of entries) if (e.freshUntil <= now || entries.size > maxEntries) entries.delete(k);
  }
  return value;
}
