import { useLanguageName } from '../../members/parts';
import { programmeLanguages } from '../api';
import { useProgrammeLanguageName } from '../ProgrammeParts';

const isProgrammeLanguage = (code: string) => (programmeLanguages as readonly string[]).includes(code);

/** A spoken language's name: Hearth's own names for the public-page languages (Dari among them), Intl's for the rest. */
export function useSpokenLanguageName(): (code: string) => string {
  const programmeName = useProgrammeLanguageName();
  const intlName = useLanguageName();
  return (code: string) => (isProgrammeLanguage(code) ? programmeName(code) : intlName(code));
}

/** The public-page languages, then any others she already has, so that editing never drops one unseen. */
export const languageChoices = (current: readonly string[]): string[] => [...programmeLanguages, ...current.filter((code) => !isProgrammeLanguage(code))];
