// When a recipient gets the small-screen viewer instead of OHIF: a narrow window,
// or a phone turned sideways (short, touch). OHIF 3.13's desktop layout keeps its
// panels over most of such a screen (docs: DESIGN.md, "Viewing on a phone").
export const SMALL_SCREEN_QUERY = '(max-width: 640px), (max-height: 500px) and (pointer: coarse)';

export function isSmallScreen(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(SMALL_SCREEN_QUERY).matches;
}
