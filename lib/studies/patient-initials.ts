// A patient's initials for the printed handout, which must carry no other
// patient data. DICOM names are FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX (and may add
// "=" groups for other scripts); initials read given, middle, family: "R.E." for
// ENDTOEND^ROBIN. Names without "^" are taken as written ("Robin Endtoend" → "R.E.").
export function patientInitials(name: string | null | undefined): string {
  const alphabetic = (name ?? '').split('=')[0]!.trim();
  if (!alphabetic) return '';
  const words = (part: string | undefined) => (part ?? '').split(/[\s-]+/).filter(Boolean);
  const ordered = alphabetic.includes('^')
    ? (() => {
        const [family, given, middle] = alphabetic.split('^');
        return [...words(given), ...words(middle), ...words(family)];
      })()
    : words(alphabetic);
  return ordered
    .map((w) => Array.from(w.normalize('NFC')).find((c) => /\p{L}/u.test(c)))
    .filter((c): c is string => Boolean(c))
    .map((c) => `${c.toLocaleUpperCase()}.`)
    .join('');
}
