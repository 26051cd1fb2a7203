import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useAuth } from '../platform/auth';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { CheckboxField, EditingSection, StatusMessage } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, Loading } from '../platform/notices';
import { Detail, LoadFailedPage, Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { membersApi, type Member } from './api';
import { MemberForm } from './MemberForm';
import { MemberStatusBadge, useLanguageName } from './parts';
import { MemberLending } from '../circulation/MemberLending';
import { MemberSchemeSection } from '../good-neighbour/MemberScheme';
import { canRefer } from '../referrals/api';

export function MemberPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const registered = (location.state as { registered?: boolean } | null)?.registered ?? false;
  const [member, reload, update] = useResource((signal) => membersApi.get(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);

  if (member.status === 'loading') return <Loading />;
  if (member.status === 'error') {
    return <LoadFailedPage title={t('members.page.notFoundTitle')} error={member.error} onRetry={reload} back={{ to: '/members', label: t('members.page.backToSearch') }} />;
  }
  const shown = member.data;
  const saved = (next: Member, message: string) => {
    update(() => next);
    setStatus(message);
  };

  return (
    <Page title={shown.name}>
      <StatusMessage message={status ?? (registered ? t('members.page.registered', { card: shown.cardNumber }) : null)} />
      <p>
        <Link to="/members">{t('members.page.backToSearch')}</Link>
      </p>
      <MemberDetails member={shown} />
      <ReferLink memberId={shown.id} />
      <MemberSchemeSection member={shown} />
      <MemberLending member={shown} />
      <ConsentSection member={shown} onSaved={saved} />
      <EditSection member={shown} onSaved={saved} />
    </Page>
  );
}

/** For the staff who refer people on: a Warm Handover referral prefilled from this member, by id only. */
function ReferLink({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user || !canRefer(user.role)) return null;
  return (
    <p>
      <Link className="button button--secondary" to={`/referrals/new?memberId=${encodeURIComponent(memberId)}`}>
        {t('referrals.referMember')}
      </Link>
    </p>
  );
}

function MemberDetails({ member }: { member: Member }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const languageName = useLanguageName();
  return (
    <section className="section" aria-labelledby="member-details-heading">
      <h2 id="member-details-heading">{t('members.page.detailsHeading')}</h2>
      <dl className="summary-list card">
        <Detail term={t('members.columns.card')}>
          <span dir="ltr">{member.cardNumber}</span>
        </Detail>
        <Detail term={t('members.columns.status')}>
          <MemberStatusBadge status={member.status} />
          {member.blockedReason ? (
            <>
              {' '}
              <bdi>{member.blockedReason}</bdi>
            </>
          ) : null}
        </Detail>
        <Detail term={t('members.columns.homeBranch')}>
          <bdi>{member.homeBranch.name}</bdi>
        </Detail>
        <Detail term={t('members.form.category')}>
          <bdi>{member.category.name}</bdi>
        </Detail>
        <Detail term={t('members.form.email')}>{member.email ? <bdi>{member.email}</bdi> : '—'}</Detail>
        <Detail term={t('members.form.phone')}>{member.phone ? <bdi>{member.phone}</bdi> : '—'}</Detail>
        <Detail term={t('members.form.address')}>
          {member.address ? <bdi className="pre-line">{member.address}</bdi> : '—'}
        </Detail>
        <Detail term={t('members.form.language')}>{languageName(member.language)}</Detail>
        <Detail term={t('members.form.channel')}>{t(`members.channel.${member.preferredChannel}`)}</Detail>
        <Detail term={t('members.form.expiresOn')}>
          {member.expiresOn ? fmt.date(member.expiresOn) : t('members.page.noExpiry')}
        </Detail>
        <Detail term={t('members.page.registeredOn')}>{fmt.date(member.createdAt)}</Detail>
      </dl>
    </section>
  );
}

interface SectionProps {
  member: Member;
  onSaved(member: Member, message: string): void;
}

/** Each consent is its own switch, saved at once, so nobody has to find a save button to withdraw it. */
function ConsentSection({ member, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const fmt = useFormatters();
  const editable = !!user && can.manageMembers(user.role);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function change(field: 'keepsHistory' | 'advanceNotices', value: boolean) {
    setBusy(field);
    setError(null);
    try {
      const next = await membersApi.update(member.id, { [field]: value });
      onSaved(next, t(`members.consent.${field}${value ? 'On' : 'Off'}`, { name: isolate(next.name) }));
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(null);
      focusSoon(`member-consent-${field}`);
    }
  }

  return (
    <section className="section" aria-labelledby="member-consent-heading">
      <h2 id="member-consent-heading">{t('members.consent.heading')}</h2>
      <ErrorNotice message={error} />
      <div className="card">
        <CheckboxField
          id="member-consent-keepsHistory"
          label={t('members.consent.history')}
          checked={member.keepsHistory}
          disabled={!editable || busy !== null}
          aria-describedby="member-consent-history-hint"
          onCheckedChange={(value) => void change('keepsHistory', value)}
        />
        <p className="field__hint" id="member-consent-history-hint">
          {member.keepsHistory && member.historyConsentAt
            ? t('members.consent.historyGiven', { date: fmt.date(member.historyConsentAt) })
            : t('members.consent.historyNotGiven')}
        </p>
        <CheckboxField
          id="member-consent-advanceNotices"
          label={t('members.consent.advanceNotices')}
          checked={member.advanceNotices}
          disabled={!editable || busy !== null}
          onCheckedChange={(value) => void change('advanceNotices', value)}
        />
      </div>
    </section>
  );
}

function EditSection({ member, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user || !can.manageMembers(user.role)) return null;
  return (
    <EditingSection
      id="member-edit-heading"
      heading={t('members.page.editHeading')}
      editLabel={t('members.page.edit')}
      form={(close) => (
        <MemberForm
          key={member.id}
          member={member}
          onCancel={close}
          onSaved={(next) => {
            onSaved(next, t('members.page.saved', { name: isolate(next.name) }));
            close();
          }}
        />
      )}
    />
  );
}
