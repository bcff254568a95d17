// The guest app's desk-day strings (desk hours, the transcript download), in every language the
// guest app ships, added to its i18n instance as their own namespace so that the app's locale
// files stay with their owner.
import type { i18n as I18n } from 'i18next';

export const NS = 'deskDay';

const STRINGS: Record<string, Record<string, string>> = {
  en: { closed: 'The front desk is closed', opens: 'Opens {{time}} (hotel time)', emergency: 'Emergency: {{number}}', download: 'Download conversation', downloadFailed: 'The conversation could not be downloaded. Please try again.' },
  de: { closed: 'Die Rezeption ist geschlossen', opens: 'Öffnet {{time}} (Hotelzeit)', emergency: 'Notfall: {{number}}', download: 'Unterhaltung herunterladen', downloadFailed: 'Die Unterhaltung konnte nicht heruntergeladen werden. Bitte versuchen Sie es erneut.' },
  fr: { closed: 'La réception est fermée', opens: 'Ouvre {{time}} (heure de l’hôtel)', emergency: 'Urgence : {{number}}', download: 'Télécharger la conversation', downloadFailed: 'La conversation n’a pas pu être téléchargée. Veuillez réessayer.' },
  es: { closed: 'La recepción está cerrada', opens: 'Abre {{time}} (hora del hotel)', emergency: 'Emergencias: {{number}}', download: 'Descargar la conversación', downloadFailed: 'No se pudo descargar la conversación. Inténtelo de nuevo.' },
  it: { closed: 'La reception è chiusa', opens: 'Apre {{time}} (ora dell’hotel)', emergency: 'Emergenze: {{number}}', download: 'Scarica la conversazione', downloadFailed: 'Impossibile scaricare la conversazione. Riprova.' },
  pt: { closed: 'A receção está fechada', opens: 'Abre {{time}} (hora do hotel)', emergency: 'Emergência: {{number}}', download: 'Descarregar a conversa', downloadFailed: 'Não foi possível descarregar a conversa. Tente novamente.' },
  nl: { closed: 'De receptie is gesloten', opens: 'Opent {{time}} (hoteltijd)', emergency: 'Noodgeval: {{number}}', download: 'Gesprek downloaden', downloadFailed: 'Het gesprek kon niet worden gedownload. Probeer het opnieuw.' },
  ja: { closed: 'フロントは現在閉まっています', opens: '{{time}}に開きます（ホテル時間）', emergency: '緊急時：{{number}}', download: '会話をダウンロード', downloadFailed: '会話をダウンロードできませんでした。もう一度お試しください。' },
  zh: { closed: '前台现已关闭', opens: '{{time}}开放（酒店时间）', emergency: '紧急情况：{{number}}', download: '下载对话', downloadFailed: '无法下载对话，请重试。' },
  ar: { closed: 'مكتب الاستقبال مغلق الآن', opens: 'يفتح {{time}} (بتوقيت الفندق)', emergency: 'للطوارئ: {{number}}', download: 'تنزيل المحادثة', downloadFailed: 'تعذّر تنزيل المحادثة. يُرجى المحاولة مرة أخرى.' },
};

/** Adds the strings once to the app's i18n instance. */
export function ensureDeskDayStrings(i18n: I18n): void {
  if (i18n.hasResourceBundle('en', NS)) return;
  for (const [lng, strings] of Object.entries(STRINGS)) i18n.addResourceBundle(lng, NS, strings, true, false);
}
