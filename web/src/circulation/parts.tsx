import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
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

/** When a loan is due back, with a badge once it is late. */
export function DueDate({ loan, overdueLabel }: { loan: { dueDate: string; overdue: boolean }; overdueLabel: string }) {
  const { date } = useFormatters();
  return (
    <>
      {date(loan.dueDate)}
      {loan.overdue ? (
        <>
          {' '}
          <span className="badge badge--danger">{overdueLabel}</span>
        </>
      ) : null}
    </>
  );
}
