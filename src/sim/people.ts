/**
 * Deterministic, realistic people for the simulators: the Teams side (directory users) and the PBX side
 * (extensions), with the few mismatches real tenants have, so identity matching has something to show:
 * - some PBX e-mails match only an alias (a proxyAddresses entry), not mail or UPN;
 * - a few e-mails sit on two extensions (a shared or copied e-mail);
 * - a few PBX users have no Teams account; a few Teams users have no extension;
 * - a few Teams accounts are disabled.
 * Same count and seed, same people. 100,000 people take well under a second.
 */
import type { DirectoryUser } from './graph/directory-user';
import type { PbxUser } from './pbx/webhook-contract';
import { seededRandom } from './seeded-random';

export interface GeneratedPeople {
  directoryUsers: DirectoryUser[];
  pbxUsers: PbxUser[];
  /** Where the deliberate mismatches are, so tests can assert on them. */
  mismatches: {
    /** Extensions whose e-mail matches only a Teams alias. */
    aliasOnlyExtensions: string[];
    /** Pairs of extensions sharing one e-mail. */
    duplicateEmailExtensions: [string, string][];
    /** Extensions with no Teams account. */
    pbxOnlyExtensions: string[];
    /** Teams users with no extension. */
    teamsOnlyUserIds: string[];
    disabledUserIds: string[];
  };
}

export interface GeneratePeopleOptions {
  domain?: string;
  /** First extension number (default 1000). */
  firstExtension?: number;
}

const FIRST = [
  'Alice',
  'Bob',
  'Carla',
  'David',
  'Eva',
  'Felix',
  'Greta',
  'Hannes',
  'Ines',
  'Jonas',
  'Klara',
  'Lukas',
  'Mara',
  'Noah',
  'Olga',
  'Paul',
  'Quirin',
  'Rosa',
  'Simon',
  'Tanja',
  'Uwe',
  'Vera',
  'Wim',
  'Xenia',
  'Yusuf',
  'Zoe',
  'Amir',
  'Berit',
  'Chen',
  'Dana',
  'Emil',
  'Fatma',
  'Gil',
  'Hana',
  'Ivan',
  'Jana',
  'Kofi',
  'Lena',
  'Mateo',
  'Nina',
  'Oskar',
  'Priya',
  'Rafael',
  'Sofia',
  'Tomas',
  'Ursula',
  'Viktor',
  'Wanda',
  'Yara',
  'Zeynep',
];
const LAST = [
  'Smith',
  'Müller',
  'Novak',
  'García',
  'Rossi',
  'Kowalski',
  'Schmidt',
  'Dubois',
  'Jansen',
  'Nielsen',
  'Horvat',
  'Popescu',
  'Silva',
  'Yilmaz',
  'Berg',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Schulz',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hartmann',
  'Lange',
  'Werner',
  'Krause',
  'Lehmann',
  "O'Brien",
  'Kaya',
  'Ahmed',
  'Tanaka',
];

export function generatePeople(count: number, seed: number, options: GeneratePeopleOptions = {}): GeneratedPeople {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}.`);
  const domain = options.domain ?? 'contoso.com';
  const firstExtension = options.firstExtension ?? 1000;
  const random = seededRandom(seed);
  const usedLocals = new Map<string, number>();
  const directoryUsers: DirectoryUser[] = [];
  const pbxUsers: PbxUser[] = [];
  const mismatches: GeneratedPeople['mismatches'] = {
    aliasOnlyExtensions: [],
    duplicateEmailExtensions: [],
    pbxOnlyExtensions: [],
    teamsOnlyUserIds: [],
    disabledUserIds: [],
  };
  let previousPbxEmail: { extension: string; email: string } | undefined;

  for (let i = 0; i < count; i += 1) {
    const f = Math.floor(random() * FIRST.length);
    const l = Math.floor(random() * LAST.length);
    const first = FIRST[f];
    const last = LAST[l];
    const base = `${FIRST_ASCII[f]}.${LAST_ASCII[l]}`;
    const seen = usedLocals.get(base) ?? 0;
    usedLocals.set(base, seen + 1);
    const local = seen === 0 ? base : `${base}${seen + 1}`;
    const extension = String(firstExtension + i);
    const phoneNumber = `+49301234${digits6(i)}`;
    const displayName = `${first} ${last}`;
    const roll = random();

    if (roll < 0.01) {
      // A PBX user with no Teams account (a lobby phone, a leaver not yet cleaned up).
      pbxUsers.push({ extension, displayName, email: `${local}@${domain}`, phoneNumber, username: local });
      mismatches.pbxOnlyExtensions.push(extension);
      continue;
    }

    const id = guid(random);
    const mail = `${local}@${domain}`;
    const alias = `${FIRST_ASCII[f][0]}.${LAST_ASCII[l]}${seen === 0 ? '' : seen + 1}.alias@${domain}`;
    const hasAlias = random() < 0.3 || (roll >= 0.01 && roll < 0.03);
    const disabled = random() < 0.02;
    const hasTeamsNumber = random() < 0.7;
    const user: DirectoryUser = {
      id,
      displayName,
      userPrincipalName: mail,
      mail,
      proxyAddresses: hasAlias ? [`SMTP:${mail}`, `smtp:${alias}`] : [`SMTP:${mail}`],
      otherMails: [],
      accountEnabled: !disabled,
      businessPhones: random() < 0.8 ? [`+49 30 1234 ${digits6(i)}`] : [],
    };
    if (random() < 0.3) user.mobilePhone = `+49 170 ${1000000 + i}`;
    if (hasTeamsNumber) user.teamsPhoneNumber = phoneNumber;
    directoryUsers.push(user);
    if (disabled) mismatches.disabledUserIds.push(id);

    if (roll >= 0.97) {
      // A Teams user with no extension.
      mismatches.teamsOnlyUserIds.push(id);
      continue;
    }
    let email = mail;
    if (roll >= 0.01 && roll < 0.03) {
      email = alias;
      mismatches.aliasOnlyExtensions.push(extension);
    } else if (roll >= 0.03 && roll < 0.035 && previousPbxEmail) {
      email = previousPbxEmail.email;
      mismatches.duplicateEmailExtensions.push([previousPbxEmail.extension, extension]);
    }
    pbxUsers.push({ extension, displayName, email, phoneNumber, username: local });
    previousPbxEmail = { extension, email };
  }
  return { directoryUsers, pbxUsers, mismatches };
}

function digits6(n: number): string {
  return String(1_000_000 + (n % 1_000_000)).slice(1);
}

const FIRST_ASCII = FIRST.map(ascii);
const LAST_ASCII = LAST.map(ascii);

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** A version-4-shaped GUID from four 32-bit draws. */
function guid(random: () => number): string {
  const word = () =>
    Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  const a = word();
  const b = word();
  const c = word();
  const d = word();
  const variant = '89ab'[parseInt(c[0], 16) & 3];
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
