import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../platform/page';
import { MemberForm } from './MemberForm';

export function NewMemberPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('members.new.title')} intro={t('members.new.intro')}>
      <section className="section" aria-labelledby="member-new-heading">
        <h2 id="member-new-heading" className="visually-hidden">
          {t('members.new.title')}
        </h2>
        <MemberForm member={null} onSaved={(member) => navigate(`/members/${member.id}`, { state: { registered: true } })} />
      </section>
    </Page>
  );
}
