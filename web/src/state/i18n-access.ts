// Strings of the sign-in view and the account bar: Chinese (the default) and English, the English
// dictionary typed against the Chinese keys so a missing translation fails the type check.
import type { Role } from '../../../server/access/roles.ts';
import type { Lang } from './url-state.ts';

export const accessZh = {
  signInTitle: '登录',
  signInLead: '请使用您的账号登录网格化社会治理指挥中心。',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  signOut: '退出登录',
  wrongCredentials: '用户名或密码不正确，或账号已停用。',
  tokenRefused: '大屏令牌无效或已撤销，请使用账号登录。',
  tooManyAttempts: '尝试次数过多，请 {seconds} 秒后再试。',
  unreachable: '无法连接服务器，请稍后再试。',
  signInFailed: '登录失败（{status}）。',
  sessionEnded: '登录已失效，请重新登录。',
  language: 'English',
  signedInAs: '当前账号',
  roleViewer: '只读 / 大屏',
  roleGridCadre: '网格员',
  roleTownshipOperator: '乡镇调度员',
  roleTownshipPlanner: '乡镇网格规划员',
  roleCountyLeader: '县级领导',
  roleAdmin: '系统管理员',
};

export type AccessMessageKey = keyof typeof accessZh;

export const accessEn: Record<AccessMessageKey, string> = {
  signInTitle: 'Sign in',
  signInLead: 'Sign in to the grid governance command centre with your account.',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  wrongCredentials: 'Wrong username or password, or the account is disabled.',
  tokenRefused: 'The wall token is unknown or revoked; sign in with an account.',
  tooManyAttempts: 'Too many attempts; try again in {seconds} s.',
  unreachable: 'Cannot reach the server; try again shortly.',
  signInFailed: 'Sign-in failed ({status}).',
  sessionEnded: 'Your session has ended; please sign in again.',
  language: '中文',
  signedInAs: 'Signed in as',
  roleViewer: 'Viewer / wall',
  roleGridCadre: 'Grid cadre',
  roleTownshipOperator: 'Township operator',
  roleTownshipPlanner: 'Township planner',
  roleCountyLeader: 'County leader',
  roleAdmin: 'Administrator',
};

const ROLE_KEYS: Readonly<Record<Role, AccessMessageKey>> = {
  viewer: 'roleViewer',
  grid_cadre: 'roleGridCadre',
  township_operator: 'roleTownshipOperator',
  township_planner: 'roleTownshipPlanner',
  county_leader: 'roleCountyLeader',
  admin: 'roleAdmin',
};

export type AccessTranslate = (key: AccessMessageKey, params?: Readonly<Record<string, string | number>>) => string;

export function accessTranslator(lang: Lang): AccessTranslate {
  const dictionary = lang === 'en' ? accessEn : accessZh;
  return (key, params) => {
    const text = dictionary[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

export function roleName(lang: Lang, role: Role): string {
  return accessTranslator(lang)(ROLE_KEYS[role]);
}
