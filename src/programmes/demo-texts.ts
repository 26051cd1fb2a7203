import type { TranslationFields } from './programme-store.ts';

/** Chat and chill as Suffolk describes it, in English and in the languages of the women it serves. */
export const CHAT_AND_CHILL = {
  name: 'Chat and chill',
  language: 'en',
  audience: 'women' as const,
  womenOnly: true,
  free: true,
  bookingNeeded: false,
  suggestedDonationPence: 20,
  shared: true,
  description:
    'A free, friendly group for women who are new to the country. Practise everyday English for things like booking a doctor’s appointment or talking to your child’s teacher, have tea and biscuits, and make friends. It is not a class: come when you can.',
  eligibilityNote: 'Women only. Free, and no need to book. Children under five are welcome.',
};

export const CHAT_AND_CHILL_TRANSLATIONS: TranslationFields[] = [
  {
    language: 'ar',
    name: 'دردشة واسترخاء',
    description:
      'مجموعة مجانية وودودة للنساء القادمات حديثًا إلى البلد. تدرّبي على الإنجليزية اليومية، مثل حجز موعد عند الطبيب أو التحدث مع معلم طفلك، واستمتعي بالشاي والبسكويت، وتعرّفي على صديقات جديدات. ليست حصة دراسية: تعالي متى استطعتِ.',
    eligibilityNote: 'للنساء فقط. مجانًا، ولا حاجة إلى الحجز. الأطفال دون الخامسة مرحّب بهم.',
  },
  {
    language: 'uk',
    name: 'Поговорімо й відпочиньмо',
    description:
      'Безкоштовна дружня група для жінок, які нещодавно приїхали до країни. Практикуйте повсякденну англійську — як записатися до лікаря чи поговорити з учителем дитини, — пийте чай із печивом і знаходьте подруг. Це не урок: приходьте, коли можете.',
    eligibilityNote: 'Лише для жінок. Безкоштовно, без запису. Діти до п’яти років — ласкаво просимо.',
  },
  {
    language: 'prs',
    name: 'گپ و آرامش',
    description:
      'یک گروه رایگان و دوستانه برای زنانی که تازه به این کشور آمده‌اند. انگلیسی روزمره را تمرین کنید، مانند گرفتن وقت داکتر یا صحبت با معلم طفل تان، چای و بیسکویت بخورید و دوستان تازه پیدا کنید. این صنف درسی نیست: هر وقت توانستید بیایید.',
    eligibilityNote: 'فقط برای زنان. رایگان است و نیازی به ثبت نام نیست. اطفال زیر پنج سال خوش آمدید.',
  },
  {
    language: 'ps',
    name: 'خبرې اترې او آرام',
    description:
      'د هغو ښځو لپاره وړیا او دوستانه ډله چې نوې دې هېواد ته راغلې دي. ورځنۍ انګلیسي تمرین کړئ، لکه له ډاکټر سره د وخت نیول یا د خپل ماشوم له ښوونکي سره خبرې کول، چای او بسکټ وخورئ او نوې ملګرې پیدا کړئ. دا ټولګی نه دی: هر وخت چې کولای شئ راشئ.',
    eligibilityNote: 'یوازې د ښځو لپاره. وړیا ده او ثبت ته اړتیا نشته. له پنځو کلونو کم عمره ماشومان ښه راغلاست.',
  },
  {
    language: 'ro',
    name: 'Discuții și relaxare',
    description:
      'Un grup gratuit și prietenos pentru femeile venite de curând în țară. Exersați engleza de zi cu zi, de exemplu cum să faceți o programare la medic sau să vorbiți cu profesorul copilului, beți un ceai cu biscuiți și faceți-vă prietene. Nu este un curs: veniți când puteți.',
    eligibilityNote: 'Doar pentru femei. Gratuit, fără rezervare. Copiii sub cinci ani sunt bineveniți.',
  },
  {
    language: 'pl',
    name: 'Pogadać i odpocząć',
    description:
      'Bezpłatna, przyjazna grupa dla kobiet, które niedawno przyjechały do kraju. Ćwicz codzienny angielski, np. jak umówić się do lekarza albo porozmawiać z nauczycielem dziecka, napij się herbaty z ciastkiem i poznaj nowe przyjaciółki. To nie jest kurs: przychodź, kiedy możesz.',
    eligibilityNote: 'Tylko dla kobiet. Bezpłatnie, bez zapisów. Dzieci poniżej pięciu lat są mile widziane.',
  },
];

/** A phrase sheet the group uses before phoning a surgery. */
export const GP_PHRASES = `Phrases for the GP receptionist — عبارات لموظفة الاستقبال في عيادة الطبيب

I would like to register with this surgery.
أودّ التسجيل في هذه العيادة.

I would like to make an appointment, please.
أودّ حجز موعد من فضلك.

It is for my daughter. She is six years old.
الموعد لابنتي. عمرها ست سنوات.

I need an interpreter who speaks Arabic.
أحتاج إلى مترجم يتحدث العربية.

Can you say that more slowly, please?
هل يمكنك أن تقولي ذلك ببطء من فضلك؟
`;
