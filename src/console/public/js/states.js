// ACD states and Salesforce presences as the API shapes them, as labels and as <select> options.
// A value is encoded as a string key for <select>: "Available", "LoggedOut", "Unavailable:<code|>",
// "Working:<activity>", "PREVIOUS", "Status:<id>", "Offline".
import { t } from './i18n.js';

export const WORKING_STATES = ['InboundContact', 'OutboundContact', 'InboundConsult', 'OutboundConsult', 'Dialer'];

export function acdKey(acd) {
  switch (acd.kind) {
    case 'Unavailable':
      return `Unavailable:${acd.codeId ?? acd.code?.id ?? ''}`;
    case 'Working':
      return `Working:${acd.activity}`;
    default:
      return acd.kind;
  }
}

export function acdFromKey(key) {
  if (key.startsWith('Unavailable:')) {
    const codeId = key.slice('Unavailable:'.length);
    return { kind: 'Unavailable', codeId: codeId === '' ? null : codeId };
  }
  if (key.startsWith('Working:')) return { kind: 'Working', activity: key.slice('Working:'.length) };
  return { kind: key };
}

export function presenceKey(presence) {
  return presence.kind === 'Status' ? `Status:${presence.statusId.toLowerCase()}` : 'Offline';
}

export function presenceFromKey(key, statuses) {
  if (key === 'Offline') return { kind: 'Offline' };
  const id = key.slice('Status:'.length);
  const status = statuses.find((s) => s.id.toLowerCase() === id);
  return { kind: 'Status', statusId: status ? status.id : id };
}

const codeName = (codes, id) => codes.find((c) => c.id === id)?.name ?? id;

export function acdLabel(acd, codes) {
  switch (acd.kind) {
    case 'Available':
      return t('acdAvailable');
    case 'LoggedOut':
      return t('acdLoggedOut');
    case 'PREVIOUS':
      return t('acdPrevious');
    case 'Working':
      return t('acdWorking', { activity: t(`work${acd.activity}`) });
    case 'Unavailable': {
      const id = acd.codeId ?? acd.code?.id ?? null;
      if (id === null) return t('acdDefaultUnavailable');
      return t('acdUnavailable', { code: acd.code?.name ?? codeName(codes, id) });
    }
    default:
      return acd.kind;
  }
}

export function presenceLabel(presence, statuses) {
  if (presence.kind === 'Offline') return t('sfOffline');
  const status = statuses.find((s) => s.id.toLowerCase() === presence.statusId.toLowerCase());
  return status ? status.label : t('unknownStatus', { id: presence.statusId });
}

/** Options for a publisher row's ACD state (what CXone may show). */
export function acdSourceOptions(codes) {
  return [
    { value: 'Available', label: t('acdAvailable') },
    { value: 'Unavailable:', label: t('acdDefaultUnavailable') },
    ...codes.filter((c) => c.active).map((c) => ({ value: `Unavailable:${c.id}`, label: t('acdUnavailable', { code: c.name }) })),
    ...WORKING_STATES.map((w) => ({ value: `Working:${w}`, label: t('acdWorking', { activity: t(`work${w}`) }) })),
    { value: 'LoggedOut', label: t('acdLoggedOut') },
  ];
}

/** Options for a subscriber row's ACD target, with "previous state". */
export function acdTargetOptions(codes) {
  return [
    { value: 'Available', label: t('acdAvailable') },
    { value: 'PREVIOUS', label: t('acdPrevious') },
    { value: 'Unavailable:', label: t('acdDefaultUnavailable') },
    ...codes.filter((c) => c.active).map((c) => ({ value: `Unavailable:${c.id}`, label: t('acdUnavailable', { code: c.name }) })),
    { value: 'LoggedOut', label: t('acdLoggedOut') },
  ];
}

/** The ACD states an agent can be put in for a dry run (no "previous"). */
export function acdStateOptions(codes) {
  return acdSourceOptions(codes);
}

export function acdStateFromKey(key, codes) {
  const acd = acdFromKey(key);
  if (acd.kind === 'Unavailable') return { kind: 'Unavailable', code: acd.codeId === null ? null : { id: acd.codeId, name: codeName(codes, acd.codeId) } };
  return acd;
}

export function presenceOptions(statuses) {
  return [
    ...statuses.map((s) => ({ value: `Status:${s.id.toLowerCase()}`, label: `${s.label} (${s.availability === 'online' ? t('online') : t('busy')})` })),
    { value: 'Offline', label: t('sfOffline') },
  ];
}
