import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useAuth } from '../platform/auth';
import { noErrors, type FormErrors } from '../platform/errors';
import { ErrorSummary, SubmitButton, TextField } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { membersApi } from './api';
import { MemberStatusBadge } from './parts';

export function MembersPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [draft, setDraft] = useState(query);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [results, reload] = useResource(
    (signal) => (query ? membersApi.search(query, signal) : Promise.resolve(null)),
    [query],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.trim()) {
      setErrors({ message: null, fields: { q: t('members.search.required') } });
      return;
    }
    setErrors(noErrors);
    setParams({ q: draft.trim() });
  }

  return (
    <Page title={t('members.title')} intro={t('members.intro')}>
      {user && can.manageMembers(user.role) ? (
        <p>
          <Link className="button" to="/members/new">
            {t('members.registerLink')}
          </Link>
        </p>
      ) : null}
      <section className="section" aria-labelledby="member-search-heading">
        <h2 id="member-search-heading">{t('members.search.heading')}</h2>
        <ErrorSummary errors={errors} fieldIds={{ q: 'member-search-q' }} fieldLabels={{ q: t('members.search.label') }} />
        <form className="inline-form member-search" role="search" noValidate onSubmit={submit} aria-labelledby="member-search-heading">
          <TextField
            id="member-search-q"
            type="search"
            label={t('members.search.label')}
            hint={t('members.search.hint')}
            dir="auto"
            autoComplete="off"
            value={draft}
            onValueChange={setDraft}
            error={errors.fields.q}
          />
          <SubmitButton busy={results.status === 'loading' && !!query}>{t('members.search.submit')}</SubmitButton>
        </form>
      </section>
      {query ? (
        <section className="section" aria-labelledby="member-results-heading">
          <h2 id="member-results-heading">{t('members.results.heading')}</h2>
          {results.status === 'loading' ? <Loading /> : null}
          {results.status === 'error' ? <LoadError error={results.error} onRetry={reload} /> : null}
          {results.status === 'ready' && results.data ? (
            <TableRegion label={t('members.results.tableLabel')}>
              <table className="data-table">
                <caption>{t('members.results.caption', { count: results.data.items.length, query })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('members.columns.name')}</th>
                    <th scope="col">{t('members.columns.card')}</th>
                    <th scope="col">{t('members.columns.email')}</th>
                    <th scope="col">{t('members.columns.homeBranch')}</th>
                    <th scope="col">{t('members.columns.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.data.items.length === 0 ? (
                    <tr>
                      <td colSpan={5}>{t('members.results.empty')}</td>
                    </tr>
                  ) : null}
                  {results.data.items.map((member) => (
                    <tr key={member.id}>
                      <th scope="row">
                        <Link to={`/members/${member.id}`}>
                          <bdi>{member.name}</bdi>
                        </Link>
                      </th>
                      <td dir="ltr">{member.cardNumber}</td>
                      <td>{member.email ? <bdi>{member.email}</bdi> : '—'}</td>
                      <td>
                        <bdi>{member.homeBranch.name}</bdi>
                      </td>
                      <td>
                        <MemberStatusBadge status={member.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
