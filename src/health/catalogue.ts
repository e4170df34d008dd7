/**
 * Every health check's stable code, its severity and what it says, in English and Japanese: a
 * title, a summary filled with the finding's params (`{n}`, `{message}`...), and what to do.
 * The texts are rendered when read, so a problem stored once reads in either language.
 */
import type { HealthSeverity } from '../store/index.ts';

export type Language = 'en' | 'ja';
export type Localized = Readonly<Record<Language, string>>;

export interface CheckText {
  readonly severity: HealthSeverity;
  readonly title: Localized;
  readonly summary: Localized;
  readonly remedy: Localized;
}

export const HEALTH_CHECKS = {
  PSYNC_HEALTH_CONNECTION_INCOMPLETE: {
    severity: 'critical',
    title: { en: 'The account mapping is incomplete', ja: 'アカウントマッピングが不完全です' },
    summary: {
      en: 'Presence Sync is on, but the hub has no complete {side} connection for this tenant, so nothing is synced.',
      ja: 'Presence Syncはオンですが、このテナントには完全な{side}接続がないため、何も同期されません。',
    },
    remedy: {
      en: 'Open Account Mapping and complete the environment in use: the CXone application and access key, and the Salesforce login. Then select and save it.',
      ja: 'アカウントマッピングを開き、使用中の環境（CXoneのアプリケーションとアクセスキー、Salesforceへのログイン）を完成させてから、選択して保存してください。',
    },
  },
  PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED: {
    severity: 'critical',
    title: { en: 'CXone refuses the access key', ja: 'CXoneがアクセスキーを拒否しています' },
    summary: {
      en: 'Since {since}, CXone refuses the access key of the access key user: no agent state is read from or written to CXone. CXone said: {message}',
      ja: '{since} 以降、CXoneがアクセスキーのユーザーのアクセスキーを拒否しているため、CXoneのACD状態の読み取りも書き込みもできません。CXoneの応答：{message}',
    },
    remedy: {
      en: 'In CXone, check that the access key user is active and its access key is enabled (My Profile → Access Keys). If it was disabled or deleted, generate a new key and enter its id and secret under Account Mapping → Edit.',
      ja: 'CXoneで、アクセスキーのユーザーが有効であり、そのアクセスキーが有効になっていることを確認してください（[マイプロファイル] > [アクセスキー]）。無効化または削除されている場合は新しいキーを生成し、そのIDとシークレットを [アカウントマッピング] > [編集] で入力してください。',
    },
  },
  PSYNC_HEALTH_CXONE_CREDENTIALS_FAILING: {
    severity: 'critical',
    title: { en: 'CXone sign-in or permission is failing', ja: 'CXoneへのサインインまたは権限が失敗しています' },
    summary: {
      en: 'Since {since}, CXone refuses the hub ({code}): agent states are not read from or written to CXone. CXone said: {message}',
      ja: '{since} 以降、CXoneがハブを拒否しています（{code}）。CXoneのACD状態の読み取りも書き込みもできません。CXoneの応答：{message}',
    },
    remedy: {
      en: 'Check the CXone application (client id and secret) under Account Mapping → Edit → Check CXone connection, and that the access key user’s role has the permissions for agent states.',
      ja: '[アカウントマッピング] > [編集] > [CXone接続を確認] でCXoneアプリケーション（クライアントIDとシークレット）を確認し、アクセスキーのユーザーのロールにACD状態の権限があることを確認してください。',
    },
  },
  PSYNC_HEALTH_SF_CREDENTIALS_FAILING: {
    severity: 'critical',
    title: { en: 'Salesforce login is failing', ja: 'Salesforceへのログインが失敗しています' },
    summary: {
      en: 'Since {since}, Salesforce refuses the hub’s login ({code}): the org is not read and the server-side presence feed has stopped. Salesforce said: {message}',
      ja: '{since} 以降、Salesforceがハブのログインを拒否しています（{code}）。組織の読み取りとサーバー側のプレゼンスフィードが止まっています。Salesforceの応答：{message}',
    },
    remedy: {
      en: 'If the refresh token was revoked or expired, press “Connect again” under Account Mapping. If the connected app’s secret or certificate changed, enter the new one under Account Mapping → Edit. docs/troubleshooting.md explains each code.',
      ja: 'リフレッシュトークンが取り消されたか期限切れの場合は、[アカウントマッピング] で「再接続」をクリックしてください。接続アプリケーションのシークレットや証明書が変わった場合は、[アカウントマッピング] > [編集] で新しい値を入力してください。各コードの説明は docs/troubleshooting.md にあります。',
    },
  },
  PSYNC_HEALTH_CREDENTIAL_EXPIRING: {
    severity: 'warning',
    title: { en: 'A Salesforce credential expires soon', ja: 'Salesforceの認証情報がまもなく期限切れになります' },
    summary: {
      en: 'The {credential} expires on {date}, in {days} days. After that the hub can no longer log in to Salesforce.',
      ja: '{credential}は {date} に期限切れになります（あと {days} 日）。その後、ハブはSalesforceにログインできなくなります。',
    },
    remedy: {
      en: 'Renew it before then: upload a new certificate to the connected app and enter the matching private key (JWT bearer), or connect to Salesforce again (web server flow). Then record the new date on the Health page.',
      ja: '期限前に更新してください：接続アプリケーションに新しい証明書をアップロードして対応する秘密鍵を入力する（JWTベアラー）、またはSalesforceに再接続する（Webサーバーフロー）。その後、新しい期限を [ヘルス] ページで登録してください。',
    },
  },
  PSYNC_HEALTH_CREDENTIAL_EXPIRED: {
    severity: 'critical',
    title: { en: 'A Salesforce credential has expired', ja: 'Salesforceの認証情報の期限が切れています' },
    summary: {
      en: 'The {credential} expired on {date}: the hub can no longer log in to Salesforce with it.',
      ja: '{credential}は {date} に期限切れになりました。ハブはこれでSalesforceにログインできません。',
    },
    remedy: {
      en: 'Upload a new certificate to the connected app and enter the matching private key (JWT bearer), or connect to Salesforce again (web server flow); then record the new date on the Health page.',
      ja: '接続アプリケーションに新しい証明書をアップロードして対応する秘密鍵を入力する（JWTベアラー）か、Salesforceに再接続してください（Webサーバーフロー）。その後、新しい期限を [ヘルス] ページで登録してください。',
    },
  },
  PSYNC_HEALTH_RULE_STATUS_MISSING: {
    severity: 'critical',
    title: { en: 'Rules map presence statuses that no longer exist', ja: '存在しないプレゼンスステータスをルールが使用しています' },
    summary: {
      en: '{ruleCount} presence rule(s) map Salesforce statuses that the org no longer has ({missing}): agents of these rules cannot be set to them.',
      ja: '{ruleCount} 件のプレゼンスルールが、組織にもう存在しないSalesforceステータス（{missing}）を使用しています。これらのルールのエージェントはそのステータスに設定できません。',
    },
    remedy: {
      en: 'Under Presence Sync, edit each rule listed and choose an existing status for its rows (or create the status again in Salesforce, then “Read Salesforce statuses”).',
      ja: '[Presence Sync] で一覧の各ルールを編集し、行に既存のステータスを選択してください（またはSalesforceでステータスを作り直し、「Salesforceのステータスを読み込む」をクリックしてください）。',
    },
  },
  PSYNC_HEALTH_RULE_CODE_MISSING: {
    severity: 'critical',
    title: { en: 'Rules use unavailable codes that no longer exist', ja: '存在しない利用不可コードをルールが使用しています' },
    summary: {
      en: '{ruleCount} presence rule(s) use CXone unavailable codes that are deleted or inactive ({missing}).',
      ja: '{ruleCount} 件のプレゼンスルールが、削除済みまたは無効のCXone利用不可コード（{missing}）を使用しています。',
    },
    remedy: {
      en: 'Under Presence Sync, edit each rule listed and choose an active code (or reactivate the code in CXone, then “Get CXone users”).',
      ja: '[Presence Sync] で一覧の各ルールを編集して有効なコードを選択してください（またはCXoneでコードを再び有効にし、「CXone Mpowerユーザーを取得」をクリックしてください）。',
    },
  },
  PSYNC_HEALTH_AGENT_PREREQUISITES: {
    severity: 'warning',
    title: { en: 'Agents fail the Salesforce prerequisites', ja: 'Salesforceの前提条件を満たさないエージェントがいます' },
    summary: {
      en: '{agentCount} linked agent(s) fail a prerequisite (Lightning, the Agent permission set, the package licence) and are not synced.',
      ja: 'リンク済みのエージェント {agentCount} 人が前提条件（Lightning、Agent権限セット、パッケージライセンス）を満たしておらず、同期されていません。',
    },
    remedy: {
      en: 'Open Adapters → Check prerequisites to see what each agent lacks, fix it in Salesforce Setup, then “Read Salesforce statuses” (or wait for the hourly read).',
      ja: '[アダプター] > [前提条件を確認] で各エージェントに足りないものを確認してSalesforceの設定で修正し、「Salesforceのステータスを読み込む」をクリックしてください（または1時間ごとの読み込みを待ってください）。',
    },
  },
  PSYNC_HEALTH_CONSOLE_MISSING: {
    severity: 'warning',
    title: { en: 'Agents work without the Salesforce console component', ja: 'Salesforceコンソールコンポーネントなしで作業しているエージェントがいます' },
    summary: {
      en: '{agentCount} agent(s) have been logged in to CXone for over {hours} h without their Omni-Channel console connecting to the hub: their Salesforce status is not synced.',
      ja: 'エージェント {agentCount} 人が {hours} 時間以上CXoneにログインしていますが、Omni-Channelコンソールがハブに接続していないため、Salesforceのステータスが同期されていません。',
    },
    remedy: {
      en: 'Check that the presence-sync component is in the utility bar of the agents’ Lightning console app and that they opened the app (salesforce/README.md). An agent who works without Salesforce can be left as is.',
      ja: 'エージェントのLightningコンソールアプリのユーティリティバーにpresence-syncコンポーネントがあり、エージェントがそのアプリを開いていることを確認してください（salesforce/README.md）。Salesforceを使わずに作業するエージェントはそのままで構いません。',
    },
  },
  PSYNC_HEALTH_DIVERGENCE_SUSTAINED: {
    severity: 'warning',
    title: { en: 'Agents stay out of sync', ja: '同期がずれたままのエージェントがいます' },
    summary: {
      en: 'For over {minutes} min, reconciliation has found {agentCount} agent(s) whose CXone state and Salesforce status disagree under their rule, and healing has not fixed it.',
      ja: '{minutes} 分以上、照合でエージェント {agentCount} 人のCXone状態とSalesforceステータスがルールと食い違っており、修復されていません。',
    },
    remedy: {
      en: 'Open Audit → “Why?” for an agent listed: the decisions say what keeps the sides apart (a write refused, a status the agent may not use, a code missing from the team).',
      ja: '一覧のエージェントについて [監査] >「理由」を開いてください。判断の記録に、両側がずれたままの原因（拒否された書き込み、使用できないステータス、チームにないコード）が示されています。',
    },
  },
  PSYNC_HEALTH_DEAD_LETTERS: {
    severity: 'warning',
    title: { en: 'Writes were given up', ja: '書き込みを断念しました' },
    summary: {
      en: 'In the last hour the hub gave up {n} write(s) after retrying ({agentCount} agent(s)); the newest reason: {message}',
      ja: '直近1時間で、ハブは再試行の末に {n} 件の書き込みを断念しました（エージェント {agentCount} 人）。最新の理由：{message}',
    },
    remedy: {
      en: 'Look up the agents under Audit (outcome “dead”): the reason says what CXone or the console refused. The next change of each agent, or the next reconciliation, tries again.',
      ja: '[監査]（結果「dead」）で該当エージェントを確認してください。理由にCXoneまたはコンソールが拒否した内容が示されています。各エージェントの次の変更、または次の照合で再試行されます。',
    },
  },
  PSYNC_HEALTH_FEED_LAG: {
    severity: 'critical',
    title: { en: 'CXone changes are arriving late', ja: 'CXoneの変更が遅れて届いています' },
    summary: {
      en: 'The last successful poll of CXone’s agent-state feed was {lagSeconds} s ago (more than {intervals} poll intervals): CXone changes do not reach Salesforce.',
      ja: 'CXoneのACD状態フィードの最後の正常なポーリングは {lagSeconds} 秒前です（ポーリング間隔の {intervals} 倍を超えています）。CXoneの変更がSalesforceに届いていません。',
    },
    remedy: {
      en: 'Look for the CXone problems listed here (credentials, rate limiting) and in the hub log (code PSYNC_CXONE_...); check the network path to CXone.',
      ja: 'ここに表示されているCXoneの問題（認証情報、レート制限）とハブのログ（コード PSYNC_CXONE_...）を確認し、CXoneへのネットワーク経路を確認してください。',
    },
  },
  PSYNC_HEALTH_RATE_LIMITED: {
    severity: 'warning',
    title: { en: 'Rate limiting is in force', ja: 'レート制限がかかっています' },
    summary: {
      en: '{side} has limited the hub’s requests {n} time(s) in the last {minutes} min; changes wait until it allows more. The last answer: {message}',
      ja: '直近 {minutes} 分間に{side}がハブのリクエストを {n} 回制限しました。許可されるまで変更は待機します。最後の応答：{message}',
    },
    remedy: {
      en: 'Usually temporary. If it lasts, lower the poll rate (PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS, PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS) or ask the vendor for a higher limit.',
      ja: '通常は一時的です。続く場合は、ポーリング頻度を下げる（PRESENCE_SYNC_CXONE_POLL_INTERVAL_MS、PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS）か、ベンダーに上限の引き上げを依頼してください。',
    },
  },
} as const satisfies Record<string, CheckText>;

export type HealthCode = keyof typeof HEALTH_CHECKS;
export const HEALTH_CODES = Object.keys(HEALTH_CHECKS) as HealthCode[];

/** Words the summaries insert as `{side}` or `{credential}`. */
export const PARAM_WORDS: Readonly<Record<string, Localized>> = {
  cxone: { en: 'CXone', ja: 'CXone' },
  salesforce: { en: 'Salesforce', ja: 'Salesforce' },
  jwt_certificate: { en: 'certificate of the JWT bearer flow', ja: 'JWTベアラーフローの証明書' },
  refresh_token: { en: 'refresh token of the web server flow', ja: 'Webサーバーフローのリフレッシュトークン' },
};

export function fill(template: string, params: Readonly<Record<string, string | number>>, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'string' ? (PARAM_WORDS[value]?.[language] ?? value) : String(value);
  });
}

export interface RenderedText {
  readonly title: Localized;
  readonly summary: Localized;
  readonly remedy: Localized;
}

/** The problem's texts in both languages; an unknown code (from a newer hub) shows as itself. */
export function renderText(code: string, params: Readonly<Record<string, string | number>>): RenderedText {
  const check = (HEALTH_CHECKS as Record<string, CheckText>)[code];
  if (!check) return { title: { en: code, ja: code }, summary: { en: code, ja: code }, remedy: { en: '', ja: '' } };
  const both = (text: Localized): Localized => ({ en: fill(text.en, params, 'en'), ja: fill(text.ja, params, 'ja') });
  return { title: check.title, summary: both(check.summary), remedy: both(check.remedy) };
}
