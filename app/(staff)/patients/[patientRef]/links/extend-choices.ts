/**
 * The new lengths offered when extending a link, counted from now: common ones up to
 * the facility's maximum, and the maximum itself. The server checks again (the
 * facility maximum, the parent link, the consent): this list only saves a refusal.
 */
export function extendChoices(maxDays: number): number[] {
  const common = [1, 3, 7, 14, 30, 60, 90].filter((d) => d < maxDays);
  return maxDays >= 1 ? [...common, maxDays] : common;
}
