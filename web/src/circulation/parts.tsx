import { useTranslation } from 'react-i18next';
import type { Loan } from './api';

/** A title with its authors on a quieter line beneath. */
export function TitleAndAuthors({ loan }: { loan: Pick<Loan, 'title' | 'authors'> }) {
  const { t } = useTranslation();
  return (
    <>
      <bdi>{loan.title}</bdi>
      {loan.authors.length > 0 ? (
        <span className="member-lending__authors">
          <bdi>{loan.authors.join(t('common.listSeparator'))}</bdi>
        </span>
      ) : null}
    </>
  );
}
