export const id = 275;
export const ids = [275];
export const modules = {

/***/ 3800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C4: () => (/* binding */ parseRuntimeRefusal),
/* harmony export */   LR: () => (/* binding */ isWellFormedAwsRuntime),
/* harmony export */   ml: () => (/* binding */ runtimeWarnings),
/* harmony export */   yl: () => (/* binding */ AMAZON_LINUX_GLIBC),
/* harmony export */   ym: () => (/* binding */ awsRuntimeOs)
/* harmony export */ });
/* unused harmony exports AWS_RUNTIME_TABLE_DATE, AWS_PUBLISH_ACCEPTED_RUNTIMES, awsRuntimeInfo, CREATE_BLOCK_NOTICE_DAYS, runtimeRefusalMessage */
/**
 * The action's own dated table of AWS Lambda runtimes. The SDK's Runtime
 * enum is not the authority: it lags new runtimes (which we would refuse
 * until our next release) and keeps ids that PublishLayerVersion refuses.
 *
 * Sources, taken 2026-12-01:
 * - Dates: aws-cloudformation/cfn-lint
 *   `src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json` at afd7953b0
 *   (2026-06-02, "Update Lambda runtime lifecycle dates from AWS docs"), which
 *   copies docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 *   (columns Deprecation date, Block function create, Block function update).
 * - Operating system: the Identifier / Operating system columns of that page.
 *   glibc per OS: Amazon Linux 2018.03 2.17, Amazon Linux 2 2.26, Amazon
 *   Linux 2023 2.34.
 * - Accepted set and refusal text: PublishLayerVersion against real AWS,
 *   recorded 2026-01-12 (localstack
 *   `tests/aws/services/lambda_/test_lambda_api.snapshot.json`,
 *   `publish_layer_version_exc_*`; same list in aws-cloudformation/cfn-lint#4427).
 */
/** The glibc each Lambda operating system ships. */
const AMAZON_LINUX_GLIBC = {
    'Amazon Linux': '2.17',
    'Amazon Linux 2': '2.26',
    'Amazon Linux 2023': '2.34'
};
/** When the table below was taken; named in the "unknown runtime" warning. */
const AWS_RUNTIME_TABLE_DATE = '2026-06-02';
const AL1 = 'Amazon Linux';
const AL2 = 'Amazon Linux 2';
const AL2023 = 'Amazon Linux 2023';
// [os, deprecated, create blocked, update blocked]
const TABLE = {
    'nodejs24.x': [AL2023, '2028-04-30', '2028-06-01', '2028-07-01'],
    'nodejs22.x': [AL2023, '2027-04-30', '2027-06-01', '2027-07-01'],
    'nodejs20.x': [AL2023, '2026-04-30', '2027-02-01', '2027-03-03'],
    'nodejs18.x': [AL2, '2025-09-01', '2027-02-01', '2027-03-03'],
    'nodejs16.x': [AL2, '2024-06-12', '2027-02-01', '2027-03-03'],
    'nodejs14.x': [AL2, '2023-12-04', '2024-01-09', '2027-03-03'],
    'nodejs12.x': [AL2, '2023-03-31', '2023-03-31', '2023-04-30'],
    'nodejs10.x': [AL2, '2021-07-30', '2021-07-30', '2022-02-14'],
    'nodejs8.10': [AL1, '2020-03-06', '2020-02-04', '2020-03-06'],
    'nodejs6.10': [AL1, '2019-08-12', '2019-07-12', '2019-08-12'],
    'nodejs4.3-edge': [AL1, '2020-03-05', '2019-03-31', '2019-04-30'],
    'nodejs4.3': [AL1, '2020-03-05', '2020-02-03', '2020-03-05'],
    nodejs: [AL1, '2016-08-30', '2016-09-30', '2016-10-31'],
    'python3.14': [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
    'python3.13': [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
    'python3.12': [AL2023, '2028-10-31', '2028-11-30', '2029-01-10'],
    'python3.11': [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
    'python3.10': [AL2, '2026-10-31', '2027-02-01', '2027-03-03'],
    'python3.9': [AL2, '2025-12-15', '2027-02-01', '2027-03-03'],
    'python3.8': [AL2, '2024-10-14', '2027-02-01', '2027-03-03'],
    'python3.7': [AL1, '2023-12-04', '2024-01-09', '2027-03-03'],
    'python3.6': [AL1, '2022-07-18', '2022-07-18', '2022-08-29'],
    'python2.7': [AL1, '2021-07-15', '2021-07-15', '2022-05-30'],
    java25: [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
    java21: [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
    java17: [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
    java11: [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
    'java8.al2': [AL2, '2027-06-30', '2027-07-31', '2027-08-31'],
    java8: [AL1, '2024-01-08', '2024-02-08', '2027-03-03'],
    dotnet10: [AL2023, '2028-11-14', '2028-12-14', '2029-01-15'],
    dotnet8: [AL2023, '2026-11-10', '2027-02-01', '2027-03-03'],
    dotnet6: [AL2, '2024-12-20', '2027-02-01', '2027-03-03'],
    'dotnetcore3.1': [AL2, '2023-04-03', '2023-04-03', '2023-05-03'],
    'dotnetcore2.1': [AL1, '2022-01-05', '2022-01-05', '2022-04-13'],
    'dotnetcore2.0': [AL1, '2019-05-30', '2019-04-30', '2019-05-30'],
    'dotnetcore1.0': [AL1, '2019-06-27', '2019-06-30', '2019-07-30'],
    'ruby4.0': [AL2023, '2029-03-31', '2029-04-30', '2029-05-31'],
    'ruby3.4': [AL2023, '2028-03-31', '2028-04-30', '2028-05-31'],
    'ruby3.3': [AL2023, '2027-03-31', '2027-04-30', '2027-05-31'],
    'ruby3.2': [AL2, '2026-03-31', '2027-02-01', '2027-03-03'],
    'ruby2.7': [AL2, '2023-12-07', '2024-01-09', '2027-03-03'],
    'ruby2.5': [AL1, '2021-07-30', '2021-07-30', '2022-03-31'],
    'provided.al2023': [AL2023, '2029-06-30', '2029-07-31', '2029-08-31'],
    'provided.al2': [AL2, '2026-07-31', '2027-02-01', '2027-03-03'],
    provided: [AL1, '2024-01-08', '2024-02-08', '2027-03-03'],
    'go1.x': [AL1, '2024-01-08', '2024-02-08', '2027-03-03']
};
/** What PublishLayerVersion accepted on 2026-01-12 (order as AWS listed it). */
const AWS_PUBLISH_ACCEPTED_RUNTIMES = [
    'nodejs20.x python3.14 provided.al2023 python3.12 python3.13 nodejs24.x',
    'nodejs22.x java25 python3.10 python3.11 java21 ruby3.3 ruby3.4 ruby3.2',
    'python3.8 python3.9 java17 nodejs16.x dotnet10 dotnet8 java11 dotnet6',
    'nodejs18.x provided.al2 java8.al2'
]
    .join(' ')
    .split(' ');
// Families as AWS names them; the OS suffix may name a future Amazon Linux.
const GRAMMAR = [
    /^python(?:2\.7|3\.\d{1,2})$/,
    /^nodejs(?:\d{1,2}\.x|4\.3(?:-edge)?|6\.10|8\.10)?$/,
    /^java\d{1,2}(?:\.al2|\.al20\d\d)?$/,
    /^dotnet\d{1,2}$/,
    /^dotnetcore\d\.\d$/,
    /^ruby\d\.\d$/,
    /^provided(?:\.al2|\.al20\d\d)?$/,
    /^go1\.x$/
];
/** True when `id` belongs to a Lambda runtime family (case-sensitive, as AWS is). */
function isWellFormedAwsRuntime(id) {
    return GRAMMAR.some((pattern) => pattern.test(id));
}
/** The table's row for `id`, or undefined for an id the table does not know. */
function awsRuntimeInfo(id) {
    const row = Object.hasOwn(TABLE, id) ? TABLE[id] : undefined;
    if (!row)
        return undefined;
    const [os, deprecated, createBlocked, updateBlocked] = row;
    return {
        id,
        os,
        glibc: AMAZON_LINUX_GLIBC[os],
        deprecated,
        createBlocked,
        updateBlocked
    };
}
/**
 * The operating system a runtime runs on: from the table, else from an
 * `.al2` / `.al2023` suffix (so a new `java17.al2023` is still checked
 * against the right glibc); undefined when nothing says.
 */
function awsRuntimeOs(id) {
    const known = awsRuntimeInfo(id);
    if (known)
        return known.os;
    if (id.endsWith('.al2023'))
        return AL2023;
    if (id.endsWith('.al2'))
        return AL2;
    return undefined;
}
const DAY_MS = 86_400_000;
/** Warn this many days before function creation is blocked. */
const CREATE_BLOCK_NOTICE_DAYS = 90;
function daysUntil(isoDate, today) {
    const utcToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - utcToday) / DAY_MS);
}
function lifecycleWarning(info, today) {
    const { id, deprecated, createBlocked, updateBlocked } = info;
    const prefix = `compatible-runtimes: '${id}'`;
    if (createBlocked !== undefined) {
        const days = daysUntil(createBlocked, today);
        if (days <= CREATE_BLOCK_NOTICE_DAYS) {
            const when = days > 0
                ? `from ${createBlocked} (in ${days} days)`
                : `since ${createBlocked}`;
            const update = updateBlocked
                ? `, updating them from ${updateBlocked}`
                : '';
            return {
                runtime: id,
                kind: 'blocked',
                message: `${prefix}: AWS blocks creating functions with this runtime ${when}${update}; the provider may refuse it`
            };
        }
    }
    if (deprecated !== undefined && daysUntil(deprecated, today) <= 0) {
        const blocks = createBlocked
            ? `; function creation is blocked from ${createBlocked}${updateBlocked ? `, updates from ${updateBlocked}` : ''}`
            : '';
        return {
            runtime: id,
            kind: 'deprecated',
            message: `${prefix} is deprecated since ${deprecated}${blocks}`
        };
    }
    return undefined;
}
/**
 * One warning per runtime worth one: unknown to the table (sent as is),
 * creation blocked within CREATE_BLOCK_NOTICE_DAYS or already, or deprecated.
 * Malformed ids are the caller's input error and are not reported here.
 */
function runtimeWarnings(ids, today) {
    const warnings = [];
    for (const id of new Set(ids)) {
        if (!isWellFormedAwsRuntime(id))
            continue;
        const info = awsRuntimeInfo(id);
        if (!info) {
            warnings.push({
                runtime: id,
                kind: 'unknown',
                message: `compatible-runtimes: '${id}' is not in this action's table of Lambda runtimes (taken ${AWS_RUNTIME_TABLE_DATE}); it is sent as is`
            });
            continue;
        }
        const warning = lifecycleWarning(info, today);
        if (warning)
            warnings.push(warning);
    }
    return warnings;
}
// The list form may come wrapped ("Member must satisfy constraint: [Member
// must satisfy enum value set: [...]]"), as AWS words it for architectures.
const ENUM_REFUSAL = /at '(?:compatibleRuntimes|compatibleRuntime|runtime)' failed to satisfy constraint: (?:Member must satisfy constraint: \[)?Member must satisfy enum value set: \[([^\]]*)\]/;
/**
 * Reads AWS's ValidationException text ("Value '[a, b]' at
 * 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum
 * value set: [...]") for the accepted set; undefined when the message is not
 * a runtime refusal.
 */
function parseRuntimeRefusal(message, given) {
    const match = ENUM_REFUSAL.exec(message);
    if (!match?.[1])
        return undefined;
    const accepted = match[1]
        .split(',')
        .map((value) => value.trim())
        .filter((value) => value.length > 0);
    const acceptedSet = new Set(accepted);
    const refused = given.filter((value) => !acceptedSet.has(value));
    return { accepted, refused };
}
/**
 * The message PublishLayerVersion sends when runtimes are refused, for an
 * emulator to reproduce it (architecture errors, when both occur, follow
 * after "; " and are not built here).
 */
function runtimeRefusalMessage(given, accepted) {
    return `1 validation error detected: Value '[${given.join(', ')}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${accepted.join(', ')}]`;
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dZ: () => (/* binding */ throwIfCancelled),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   mZ: () => (/* binding */ ProviderError),
/* harmony export */   yr: () => (/* binding */ PackagingError)
/* harmony export */ });
/**
 * Typed errors. Core modules throw these; only main.ts turns them into a
 * failed step, so every message here must already read well to a user.
 */
/** A rule about one input was broken. Always raised before any write call. */
class InputError extends Error {
    input;
    rule;
    name = 'InputError';
    constructor(
    /** The input's name as written in a workflow, e.g. `layer-name`. */
    input, 
    /** The rule, phrased so that `input: rule` reads as a sentence. */
    rule, options) {
        super(`Input '${input}': ${rule}`, options);
        this.input = input;
        this.rule = rule;
    }
}
/** The files could not be packaged (unreadable file, unsafe link, limits). */
class PackagingError extends Error {
    name = 'PackagingError';
}
/**
 * The step was cancelled (the runner sent SIGINT or SIGTERM): no new work
 * starts, open uploads are aborted, and nothing more is published.
 */
class CancelledError extends Error {
    signal;
    name = 'CancelledError';
    constructor(signal) {
        super(`The step was cancelled (${signal}): it stopped starting new work, aborted its open uploads and published nothing more`);
        this.signal = signal;
    }
}
/** Throws CancelledError when `signal` has fired; the checkpoint before a write. */
function throwIfCancelled(signal) {
    if (signal?.aborted) {
        throw signal.reason instanceof CancelledError
            ? signal.reason
            : new CancelledError(String(signal.reason ?? 'aborted'));
    }
}
/** A provider call failed, after the SDK's or our retries. */
class ProviderError extends Error {
    name = 'ProviderError';
    provider;
    /** e.g. `lambda:PublishLayerVersion`, `s3:UploadPart`, `scf:GetLayerVersion`. */
    operation;
    region;
    /** The provider's own error code, e.g. `AccessDeniedException`. */
    code;
    requestId;
    httpStatus;
    retryable;
    kind;
    constructor(init) {
        const parts = [`${init.operation} failed in ${init.region}`];
        if (init.code)
            parts.push(init.code);
        const head = parts.join(': ');
        const tail = init.requestId ? ` (request id ${init.requestId})` : '';
        super(`${head}: ${init.message}${tail}`, { cause: init.cause });
        this.provider = init.provider;
        this.operation = init.operation;
        this.region = init.region;
        this.code = init.code;
        this.requestId = init.requestId;
        this.httpStatus = init.httpStatus;
        this.retryable = init.retryable ?? false;
        // Unclassified: a 404 or a `*NotFound*` code still says "not found".
        this.kind =
            init.kind ??
                (init.httpStatus === 404 || /NotFound/i.test(init.code ?? '')
                    ? 'not-found'
                    : 'other');
    }
    /** Whether `error` says the layer version (or layer) does not exist. */
    static isNotFound(error) {
        return error instanceof ProviderError && error.kind === 'not-found';
    }
    /**
     * Whether a publish failed because the archive object was not there (a
     * concurrent run's delete-object may remove the shared object).
     */
    static isObjectMissing(error) {
        return error instanceof ProviderError && error.kind === 'object-missing';
    }
    /** Whether a call failed without any answer (timeout, reset, refused). */
    static isUnanswered(error) {
        return error instanceof ProviderError && error.kind === 'no-response';
    }
}
/** Turns anything thrown into a message; a thrown string must not pass silently. */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error);
    }
    catch {
        return String(error);
    }
}


/***/ }),

/***/ 1275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: USER_AGENT

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(1659);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/cancel.ts
/**
 * Cancellation as the runner does it: SIGINT, then SIGTERM 7.5 s later,
 * then SIGKILL. The first signal aborts the run's AbortSignal (checked
 * before every write, passed to uploads so they abort their multipart
 * uploads); if the run has not finished a few seconds later, the process
 * exits anyway, so a cancelled step is never left to be killed mid-write.
 */

/** Time from the first signal to a forced exit: inside the runner's 5 s goal. */
const CANCEL_GRACE_MS = 4000;
function watchCancellation(onForcedExit, proc = process, graceMs = CANCEL_GRACE_MS) {
    const controller = new AbortController();
    let timer;
    const handler = (name) => {
        if (controller.signal.aborted)
            return;
        const error = new errors/* CancelledError */.cc(name);
        controller.abort(error);
        timer = setTimeout(() => onForcedExit(error), graceMs);
        timer.unref();
    };
    proc.on('SIGINT', handler);
    proc.on('SIGTERM', handler);
    return {
        signal: controller.signal,
        dispose: () => {
            proc.off('SIGINT', handler);
            proc.off('SIGTERM', handler);
        }
    };
}

;// CONCATENATED MODULE: ./src/inputs/environment.ts
/**
 * Settings read from the environment rather than inputs: request timeouts,
 * which fault tests shorten. A bad value is an error, not a default.
 */
function envMs(env, name, def) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return def;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
        throw new Error(`Environment variable ${name} must be a positive whole number of milliseconds, got '${raw}'`);
    }
    return Number(raw);
}
function readTimeouts(env) {
    return {
        requestTimeoutMs: envMs(env, 'PUBLISH_LAYER_REQUEST_TIMEOUT_MS', 120_000),
        connectTimeoutMs: envMs(env, 'PUBLISH_LAYER_CONNECT_TIMEOUT_MS', 10_000)
    };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/providers/rules.ts
var providers_rules = __webpack_require__(4221);
;// CONCATENATED MODULE: ./src/inputs/names.ts
/**
 * Input names as written in action.yml (kebab-case, listed once), how they
 * are read from the runner, and which values must be masked first.
 */
const Input = {
    Provider: 'provider',
    LayerName: 'layer-name',
    Path: 'path',
    BaseDirectory: 'base-directory',
    Prefix: 'prefix',
    ZipFile: 'zip-file',
    Symlinks: 'symlinks',
    CompatibleRuntimes: 'compatible-runtimes',
    CompatibleArchitectures: 'compatible-architectures',
    Description: 'description',
    LicenseInfo: 'license-info',
    Region: 'region',
    Bucket: 'bucket',
    ObjectPrefix: 'object-prefix',
    Upload: 'upload',
    DeleteObject: 'delete-object',
    SkipUnchanged: 'skip-unchanged',
    ShareWith: 'share-with',
    KeepVersions: 'keep-versions',
    Tags: 'tags',
    WaitTimeout: 'wait-timeout',
    DryRun: 'dry-run',
    MaxAttempts: 'max-attempts',
    TencentSecretId: 'tencent-secret-id',
    TencentSecretKey: 'tencent-secret-key',
    TencentSessionToken: 'tencent-session-token',
    EndpointUrl: 'endpoint-url',
    StorageEndpointUrl: 'storage-endpoint-url',
    UpdateFunctions: 'update-functions',
    PublishFunctionVersion: 'publish-function-version',
    FunctionAlias: 'function-alias',
    Strict: 'strict'
};
/** Reads inputs straight from the runner's environment (INPUT_<NAME>, hyphens kept). */
function envInputReader(env = process.env) {
    return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/**
 * Values that must be masked before anything else runs, read without
 * validation so that even a failing run never echoes them.
 */
function secretValues(read, env = process.env) {
    return [
        read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || '',
        read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || '',
        read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || '',
        env.AWS_SECRET_ACCESS_KEY ?? '',
        env.AWS_SESSION_TOKEN ?? ''
    ].filter((v) => v.length > 0);
}

;// CONCATENATED MODULE: ./src/inputs/credentials.ts
/**
 * Tencent's credentials come from inputs or TENCENTCLOUD_* variables; AWS's
 * only from the SDK's default chain, so Tencent inputs on AWS are an error
 * rather than silently unused.
 */


function readTencentCredentials(read, env) {
    const secretId = read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || '';
    const secretKey = read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || '';
    const sessionToken = read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || '';
    if (secretId === '') {
        throw new errors/* InputError */.dz(Input.TencentSecretId, 'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_ID');
    }
    if (secretKey === '') {
        throw new errors/* InputError */.dz(Input.TencentSecretKey, 'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_KEY');
    }
    return { secretId, secretKey, ...(sessionToken !== '' && { sessionToken }) };
}
function refuseTencentCredentials(read) {
    for (const name of [
        Input.TencentSecretId,
        Input.TencentSecretKey,
        Input.TencentSessionToken
    ]) {
        if (read(name) !== '') {
            throw new errors/* InputError */.dz(name, `is only used with provider 'tencent'; AWS credentials come from the environment (aws-actions/configure-aws-credentials)`);
        }
    }
}

// EXTERNAL MODULE: ./src/checks/aws-runtimes.ts
var aws_runtimes = __webpack_require__(3800);
;// CONCATENATED MODULE: ./src/checks/tencent-runtimes.ts
/**
 * SCF runtime names, from Tencent's documentation, taken 2026-12-01:
 * - tencentcloud-sdk-nodejs-scf `scf_models.d.ts` (4.1.313),
 *   CreateFunctionRequest.Runtime: Python2.7 … Python3.10, Nodejs6.10 …
 *   Nodejs18.15, Php5.6, Php7, Php7.4, Php8.0, Go1, Java8, CustomRuntime.
 * - SCF Node.js page (tencentcloud.com/document/product/583/11060,
 *   2025-10-11): Node.js 20.19, whose runtime string is `Nodejs20.19`; no SCF
 *   runtime uses a `.x` suffix.
 * - SCF Python page (583/40323) stops at Python 3.10; Java 11 (583/67366).
 * SCF adds runtimes often and none of these is verified against the live
 * service, so an unknown name warns and is sent as given.
 */
const TENCENT_RUNTIMES = [
    'Python2.7',
    'Python3.6',
    'Python3.7',
    'Python3.9',
    'Python3.10',
    'Nodejs6.10',
    'Nodejs8.9',
    'Nodejs10.15',
    'Nodejs12.16',
    'Nodejs14.18',
    'Nodejs16.13',
    'Nodejs18.15',
    'Nodejs20.19',
    'Php5.6',
    'Php7',
    'Php7.4',
    'Php8.0',
    'Go1',
    'Java8',
    'Java11',
    'CustomRuntime'
];
const KNOWN = new Set(TENCENT_RUNTIMES);
/** Language prefix and major version, e.g. `Nodejs20.x` → `Nodejs20`. */
function languageMajor(id) {
    return /^([A-Za-z]+\d+)(?:\.|$)/.exec(id)?.[1];
}
function suggestionFor(id) {
    const key = languageMajor(id);
    if (key === undefined)
        return undefined;
    // Python3.11 must not suggest Python3.10: the major alone says nothing there.
    if (key.startsWith('Python'))
        return undefined;
    return TENCENT_RUNTIMES.find((known) => languageMajor(known) === key);
}
/** True when SCF documents `id` (case-sensitive, as Tencent's examples are). */
function isKnownTencentRuntime(id) {
    return KNOWN.has(id);
}
/** One warning per distinct runtime name SCF does not document. */
function tencentRuntimeWarnings(ids) {
    const warnings = [];
    for (const id of new Set(ids)) {
        if (KNOWN.has(id))
            continue;
        const warning = {
            runtime: id,
            message: `compatible-runtimes: '${id}' is not a runtime name this action knows for SCF (e.g. Nodejs18.15, Python3.9); sending it as given`
        };
        const suggestion = suggestionFor(id);
        if (suggestion !== undefined)
            warning.suggestion = suggestion;
        warnings.push(warning);
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/inputs/parsers.ts
/**
 * Strict parsers for one input each: a value that does not parse is an
 * InputError naming the input, never a silent default.
 */

/** Splits a list input on newlines and on commas outside `{}`/`[]`. */
function splitList(raw) {
    const out = [];
    for (const line of raw.split(/\r?\n/)) {
        let depth = 0;
        let current = '';
        for (const ch of line) {
            if (ch === '{' || ch === '[')
                depth++;
            if (ch === '}' || ch === ']')
                depth = Math.max(0, depth - 1);
            if (ch === ',' && depth === 0) {
                out.push(current);
                current = '';
            }
            else {
                current += ch;
            }
        }
        out.push(current);
    }
    return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
/** A list input with duplicates removed, in the order given. */
function readList(read, name) {
    return [...new Set(splitList(read(name)))];
}
function parseBoolean(read, name, def) {
    const raw = read(name);
    if (raw === '')
        return def;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    if (['false', 'False', 'FALSE'].includes(raw))
        return false;
    throw new errors/* InputError */.dz(name, `must be true or false, got '${raw}'`);
}
function parseInteger(read, name, def, min, max) {
    const raw = read(name);
    if (raw === '')
        return def;
    if (!/^\d+$/.test(raw)) {
        throw new errors/* InputError */.dz(name, `must be a whole number from ${min} to ${max}, got '${raw}'`);
    }
    const n = Number(raw);
    if (n < min || n > max) {
        throw new errors/* InputError */.dz(name, `must be from ${min} to ${max}, got ${n}`);
    }
    return n;
}
function parseChoice(read, name, choices, def) {
    const raw = read(name);
    if (raw === '')
        return def;
    if (choices.includes(raw))
        return raw;
    throw new errors/* InputError */.dz(name, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${raw}'`);
}
function parseUrl(read, name) {
    const raw = read(name);
    if (raw === '')
        return undefined;
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new errors/* InputError */.dz(name, `must be an http(s) URL, got '${raw}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new errors/* InputError */.dz(name, `must be an http(s) URL, got '${raw}'`);
    }
    return raw.replace(/\/+$/, '');
}
/** A relative folder inside the archive or bucket: no `..`, not absolute. */
function checkRelativePath(name, value) {
    if (value.includes('\\')) {
        throw new errors/* InputError */.dz(name, `must use / as separator, got '${value}'`);
    }
    if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) {
        throw new errors/* InputError */.dz(name, `must be relative (no leading /), got '${value}'`);
    }
    const parts = value.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..')) {
        throw new errors/* InputError */.dz(name, `must not contain '..', got '${value}'`);
    }
    return parts.join('/');
}

;// CONCATENATED MODULE: ./src/inputs/layer.ts
/**
 * The layer's identity and settings: name (or ARN), runtimes,
 * architectures, description and licence, each against its provider's rules.
 */






function readLayerName(read, rules) {
    const rawName = read(Input.LayerName);
    if (rawName === '') {
        throw new errors/* InputError */.dz(Input.LayerName, 'is required');
    }
    const arn = rules.layerArn?.exec(rawName);
    if (arn) {
        return {
            layerName: arn.groups?.name ?? rawName,
            layerId: rawName,
            ...(arn.groups?.region !== undefined && {
                arnRegion: arn.groups.region
            })
        };
    }
    if (!rules.layerName.pattern.test(rawName)) {
        throw new errors/* InputError */.dz(Input.LayerName, `${rules.layerName.rule} (${rules.displayName}), got '${rawName}'`);
    }
    return { layerName: rawName, layerId: rawName };
}
/**
 * Runtimes within the provider's count. AWS ids are judged by family
 * against the action's dated table, not the SDK's enum (which lags new
 * runtimes and keeps refused ones): malformed is an error; unknown,
 * deprecated or soon blocked is a warning. Unknown Tencent names warn.
 */
function readRuntimes(read, provider, today, warnings) {
    const rules = providers_rules/* PROVIDER_RULES */.k[provider];
    const runtimes = readList(read, Input.CompatibleRuntimes);
    if (runtimes.length < rules.runtimes.min) {
        throw new errors/* InputError */.dz(Input.CompatibleRuntimes, `is required for ${rules.displayName}: give 1 to ${rules.runtimes.max} runtimes, e.g. Nodejs18.15`);
    }
    if (runtimes.length > rules.runtimes.max) {
        throw new errors/* InputError */.dz(Input.CompatibleRuntimes, `allows at most ${rules.runtimes.max} runtimes on ${rules.displayName}, got ${runtimes.length}`);
    }
    if (provider === 'tencent') {
        warnings.push(...tencentRuntimeWarnings(runtimes).map((w) => w.message));
        return runtimes;
    }
    const bad = runtimes.filter((r) => !(0,aws_runtimes/* isWellFormedAwsRuntime */.LR)(r));
    if (bad.length > 0) {
        throw new errors/* InputError */.dz(Input.CompatibleRuntimes, `unknown Lambda runtime ${bad.map((b) => `'${b}'`).join(', ')} (expected names like python3.12, nodejs22.x, provided.al2023)`);
    }
    warnings.push(...(0,aws_runtimes/* runtimeWarnings */.ml)(runtimes, today).map((w) => w.message));
    return runtimes;
}
function readArchitectures(read, rules) {
    const architectures = readList(read, Input.CompatibleArchitectures);
    if (architectures.length > 0 && rules.maxArchitectures === 0) {
        throw new errors/* InputError */.dz(Input.CompatibleArchitectures, `is not supported by ${rules.displayName} (it has no layer architectures); remove it`);
    }
    for (const a of architectures) {
        if (!rules.architectures.includes(a)) {
            throw new errors/* InputError */.dz(Input.CompatibleArchitectures, `must be ${rules.architectures.map((x) => `'${x}'`).join(' or ')}, got '${a}'`);
        }
    }
    return architectures;
}
/** A free-text input within the provider's documented length. */
function readText(read, name, max) {
    const value = read(name);
    if (max !== undefined && value.length > max) {
        throw new errors/* InputError */.dz(name, `must be at most ${max} characters, got ${value.length}`);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/functions/refs.ts
const AWS_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const AWS_ARN = /^arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:function:(?<name>[A-Za-z0-9_-]{1,64})$/;
const SCF_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
const SCF_NAMESPACE = /^[A-Za-z0-9_-]{1,30}$/;
/** The rule an entry broke, in the user's terms; undefined when valid. */
function awsTarget(entry) {
    const arn = AWS_ARN.exec(entry);
    if (arn?.groups) {
        return {
            label: entry,
            name: entry,
            region: arn.groups.region
        };
    }
    if (entry.startsWith('arn:')) {
        return `'${entry}' is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME, without a version or alias)`;
    }
    if (!AWS_NAME.test(entry)) {
        return `'${entry}' is not a Lambda function name (1-64 letters, digits, - and _) or function ARN`;
    }
    return { label: entry, name: entry };
}
function tencentTarget(entry) {
    const parts = entry.split('/');
    const [namespace, name] = parts.length === 2 ? [parts[0], parts[1]] : ['default', parts[0]];
    if (parts.length > 2 || !SCF_NAMESPACE.test(namespace)) {
        return `'${entry}' is not an SCF function (name or namespace/name; a namespace is 1-30 letters, digits, - and _)`;
    }
    if (!SCF_NAME.test(name)) {
        return `'${entry}' is not an SCF function name (2-60 letters, digits, - and _, starting with a letter, not ending with - or _)`;
    }
    return { label: entry, name, namespace };
}
/** Validates one entry; a string result is the broken rule. */
function parseFunctionTarget(provider, entry) {
    return provider === 'aws' ? awsTarget(entry) : tencentTarget(entry);
}
/** The functions to move in `region`, in the order given. */
function functionsIn(targets, region) {
    return targets
        .filter((t) => t.region === undefined || t.region === region)
        .map((t) => ({
        label: t.label,
        name: t.name,
        ...(t.namespace !== undefined && { namespace: t.namespace })
    }));
}

;// CONCATENATED MODULE: ./src/inputs/functions.ts
/**
 * update-functions, publish-function-version and function-alias. Every
 * entry is checked here, before any call; an ARN must name a function in
 * one of the regions published.
 */




function readUpdateFunctions(read, provider, regions) {
    return readList(read, Input.UpdateFunctions).map((entry) => {
        const target = parseFunctionTarget(provider, entry);
        if (typeof target === 'string') {
            throw new errors/* InputError */.dz(Input.UpdateFunctions, target);
        }
        if (target.region !== undefined && !regions.includes(target.region)) {
            throw new errors/* InputError */.dz(Input.UpdateFunctions, `'${entry}' is in ${target.region}, which is not a region published (${regions.join(', ')})`);
        }
        return target;
    });
}
const ALIAS = /^(?!^\d+$)[A-Za-z0-9_-]{1,128}$/;
/** AWS only: what to do after each update. */
function readFunctionRelease(read, provider, functions) {
    const publish = parseBoolean(read, Input.PublishFunctionVersion, false);
    const alias = read(Input.FunctionAlias);
    if (provider === 'tencent') {
        for (const [name, given] of [
            [Input.PublishFunctionVersion, publish],
            [Input.FunctionAlias, alias !== '']
        ]) {
            if (given) {
                throw new errors/* InputError */.dz(name, `is only supported with provider 'aws' (SCF layer updates have no function versions here); remove it`);
            }
        }
        return { publishFunctionVersion: false };
    }
    if ((publish || alias !== '') && functions.length === 0) {
        throw new errors/* InputError */.dz(publish ? Input.PublishFunctionVersion : Input.FunctionAlias, `needs 'update-functions': it applies to the functions updated`);
    }
    if (alias === '')
        return { publishFunctionVersion: publish };
    if (!publish) {
        throw new errors/* InputError */.dz(Input.FunctionAlias, `requires 'publish-function-version: true' (an alias points at a published function version)`);
    }
    if (!ALIAS.test(alias)) {
        throw new errors/* InputError */.dz(Input.FunctionAlias, `must be 1-128 letters, digits, - and _, and not only digits, got '${alias}'`);
    }
    return { publishFunctionVersion: true, functionAlias: alias };
}

;// CONCATENATED MODULE: ./src/inputs/regions.ts
/** Where to publish: the region list, or the environment's region. */



function readRegions(read, provider, rules, env, arnRegion) {
    let regions = readList(read, Input.Region);
    if (regions.length === 0) {
        const fromEnv = provider === 'aws'
            ? env.AWS_REGION || env.AWS_DEFAULT_REGION
            : env.TENCENTCLOUD_REGION;
        if (fromEnv)
            regions = [fromEnv.trim()];
        else if (arnRegion)
            regions = [arnRegion];
    }
    if (regions.length === 0) {
        throw new errors/* InputError */.dz(Input.Region, provider === 'aws'
            ? 'is required: set it, or AWS_REGION / AWS_DEFAULT_REGION (configure-aws-credentials sets them)'
            : 'is required: set it, or TENCENTCLOUD_REGION');
    }
    for (const r of regions) {
        if (!rules.region.pattern.test(r)) {
            throw new errors/* InputError */.dz(Input.Region, `'${r}' is not a ${rules.displayName} region name (e.g. ${rules.region.example})`);
        }
    }
    if (arnRegion && regions.some((r) => r !== arnRegion)) {
        throw new errors/* InputError */.dz(Input.LayerName, `is an ARN in ${arnRegion}, which does not match region ${regions.join(', ')}; give a plain layer name to publish to other regions`);
    }
    return regions;
}

;// CONCATENATED MODULE: ./src/inputs/sharing-and-tags.ts
/** share-with (AWS layer permissions) and tags (SCF layer tags). */



function parsePrincipal(item) {
    if (/^\d{12}$/.test(item))
        return { kind: 'account', id: item };
    if (/^o-[a-z0-9]{10,32}$/.test(item))
        return { kind: 'organization', id: item };
    if (item === 'public')
        return { kind: 'public' };
    throw new errors/* InputError */.dz(Input.ShareWith, `each entry must be a 12-digit account id, an organization id (o- and 10-32 lower-case letters or digits) or 'public', got '${item}'`);
}
function readShareWith(read, rules) {
    const items = splitList(read(Input.ShareWith));
    if (items.length > 0 && !rules.supportsSharing) {
        throw new errors/* InputError */.dz(Input.ShareWith, `is not supported by ${rules.displayName} (it has no layer permission API); remove it`);
    }
    const seen = new Set();
    const out = [];
    for (const item of items) {
        const p = parsePrincipal(item);
        const key = p.kind === 'public' ? 'public' : p.id;
        if (!seen.has(key))
            out.push(p);
        seen.add(key);
    }
    return out;
}
function parseTag(line, tags) {
    const eq = line.indexOf('=');
    if (eq <= 0) {
        throw new errors/* InputError */.dz(Input.Tags, `each line must be key=value, got '${line}'`);
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key.length > 127 || value.length > 255) {
        throw new errors/* InputError */.dz(Input.Tags, `keys are at most 127 and values at most 255 characters ('${key}')`);
    }
    if (key in tags) {
        throw new errors/* InputError */.dz(Input.Tags, `key '${key}' is given twice`);
    }
    tags[key] = value;
}
function readTags(read, rules) {
    const raw = read(Input.Tags);
    if (raw !== '' && !rules.supportsTags) {
        throw new errors/* InputError */.dz(Input.Tags, `is only supported with provider 'tencent'; remove it`);
    }
    const tags = {};
    for (const line of raw.split(/\r?\n/)) {
        const t = line.trim();
        if (t !== '')
            parseTag(t, tags);
    }
    return tags;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/inputs/source.ts
/**
 * The source inputs: patterns under a base directory, or a prebuilt zip.
 * These are the only input checks that look at the file system, since a
 * folder that does not exist or lies outside the workspace is an input
 * error, and must come before any call.
 */





function isInside(parent, child) {
    const rel = (0,external_node_path_.relative)(parent, child);
    return rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel));
}
function readZipFile(workspace, zipFile) {
    const zipPath = (0,external_node_path_.resolve)(workspace, zipFile);
    if (!(0,external_node_fs_.existsSync)(zipPath) || !(0,external_node_fs_.statSync)(zipPath).isFile()) {
        throw new errors/* InputError */.dz(Input.ZipFile, `file not found: ${zipFile}`);
    }
    return { kind: 'zip', zipFile: zipPath };
}
function readBaseDirectory(read, workspace) {
    const rawBase = read(Input.BaseDirectory);
    const base = (0,external_node_path_.resolve)(workspace, rawBase || '.');
    if (!(0,external_node_fs_.existsSync)(base) || !(0,external_node_fs_.statSync)(base).isDirectory()) {
        throw new errors/* InputError */.dz(Input.BaseDirectory, `must be an existing directory, got '${rawBase}'`);
    }
    const realWorkspace = (0,external_node_fs_.existsSync)(workspace)
        ? (0,external_node_fs_.realpathSync)(workspace)
        : workspace;
    const realBase = (0,external_node_fs_.realpathSync)(base);
    if (!isInside(realWorkspace, realBase)) {
        throw new errors/* InputError */.dz(Input.BaseDirectory, `must lie inside the workspace (${workspace}), got '${rawBase}'`);
    }
    return realBase;
}
function readSourceInput(read, workspace) {
    const pathList = splitList(read(Input.Path));
    const zipFile = read(Input.ZipFile);
    if (zipFile !== '' && pathList.length > 0) {
        throw new errors/* InputError */.dz(Input.ZipFile, `cannot be combined with 'path': give one or the other`);
    }
    if (zipFile !== '')
        return readZipFile(workspace, zipFile);
    if (pathList.length === 0) {
        throw new errors/* InputError */.dz(Input.Path, `is required unless 'zip-file' is given (one glob per line)`);
    }
    if (pathList.every((p) => p.startsWith('!'))) {
        throw new errors/* InputError */.dz(Input.Path, 'needs at least one pattern that is not an exclusion (!)');
    }
    const baseDirectory = readBaseDirectory(read, workspace);
    const prefix = checkRelativePath(Input.Prefix, read(Input.Prefix));
    const symlinks = parseChoice(read, Input.Symlinks, ['follow', 'preserve'], 'follow');
    return { kind: 'paths', patterns: pathList, baseDirectory, prefix, symlinks };
}

;// CONCATENATED MODULE: ./src/inputs/storage.ts
/** Object storage for archives too large to send inline. */



function readBucket(read, rules, regions) {
    const bucket = read(Input.Bucket);
    if (bucket === '')
        return undefined;
    if (regions.length > 1 && !bucket.includes('{region}')) {
        throw new errors/* InputError */.dz(Input.Bucket, `must contain {region} when publishing to several regions (a layer's bucket must be in the layer's region), e.g. my-layers-{region}`);
    }
    for (const r of regions) {
        const name = bucket.replaceAll('{region}', r);
        if (!rules.bucket.pattern.test(name)) {
            throw new errors/* InputError */.dz(Input.Bucket, `${rules.bucket.rule}, got '${name}'`);
        }
    }
    return bucket;
}
function readObjectPrefix(read) {
    // Empty means the default: the runner cannot tell an explicit '' apart.
    const raw = read(Input.ObjectPrefix) || 'publish-layer/';
    const path = checkRelativePath(Input.ObjectPrefix, raw);
    const objectPrefix = path === '' ? '' : `${path}/`;
    if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(objectPrefix)) {
        throw new errors/* InputError */.dz(Input.ObjectPrefix, `may contain only letters, digits and !_.*'()/-, got '${raw}'`);
    }
    return objectPrefix;
}
function readStorage(read, rules, regions) {
    const bucket = readBucket(read, rules, regions);
    const objectPrefix = readObjectPrefix(read);
    const upload = parseChoice(read, Input.Upload, ['auto', 'always', 'never'], 'auto');
    if (upload === 'always' && bucket === undefined) {
        throw new errors/* InputError */.dz(Input.Bucket, `is required when upload is 'always'`);
    }
    const deleteObject = parseBoolean(read, Input.DeleteObject, false);
    return {
        ...(bucket !== undefined && { bucket }),
        objectPrefix,
        upload,
        deleteObject
    };
}

;// CONCATENATED MODULE: ./src/inputs/index.ts
/**
 * Reads every input once, validates it, and returns one typed object per
 * provider. Nothing here calls a provider: an invalid input must fail
 * before any write (or read) call is made. Checks run in a fixed order, so
 * a step with several mistakes always reports the same one first.
 */














/** Retention, tags, waiting, attempts and endpoints, in the order checked. */
function readRunSettings(read, rules) {
    const keepVersions = parseInteger(read, Input.KeepVersions, 0, 0, 10_000);
    const tags = readTags(read, rules);
    const waitTimeoutSeconds = parseInteger(read, Input.WaitTimeout, 300, 1, 3600);
    const maxAttempts = parseInteger(read, Input.MaxAttempts, 5, 1, 20);
    const endpointUrl = parseUrl(read, Input.EndpointUrl);
    const storageEndpointUrl = parseUrl(read, Input.StorageEndpointUrl);
    return {
        keepVersions,
        tags,
        waitTimeoutSeconds,
        maxAttempts,
        ...(endpointUrl !== undefined && { endpointUrl }),
        ...(storageEndpointUrl !== undefined && { storageEndpointUrl })
    };
}
/**
 * Reads and validates all inputs. Throws InputError naming the input and
 * the rule on the first problem found.
 */
function readInputs(read, context = {}) {
    const env = context.env ?? process.env;
    const warnings = [];
    const provider = parseChoice(read, Input.Provider, ['aws', 'tencent'], 'aws');
    const rules = providers_rules/* PROVIDER_RULES */.k[provider];
    const name = readLayerName(read, rules);
    const workspace = (0,external_node_path_.resolve)(env.GITHUB_WORKSPACE || process.cwd());
    const runnerTemp = (0,external_node_path_.resolve)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)());
    const source = readSourceInput(read, workspace);
    const compatibleRuntimes = readRuntimes(read, provider, (context.now ?? (() => new Date()))(), warnings);
    const compatibleArchitectures = readArchitectures(read, rules);
    const description = readText(read, Input.Description, rules.descriptionMax);
    const licenseInfo = readText(read, Input.LicenseInfo, rules.licenseMax);
    const regions = readRegions(read, provider, rules, env, name.arnRegion);
    const storage = readStorage(read, rules, regions);
    const common = {
        layerName: name.layerName,
        layerId: name.layerId,
        source,
        compatibleRuntimes,
        description,
        licenseInfo,
        regions,
        ...storage,
        skipUnchanged: parseBoolean(read, Input.SkipUnchanged, true),
        dryRun: parseBoolean(read, Input.DryRun, false),
        strict: parseBoolean(read, Input.Strict, false)
    };
    const shareWith = readShareWith(read, rules);
    const { tags, ...settings } = readRunSettings(read, rules);
    const updateFunctions = readUpdateFunctions(read, provider, regions);
    const release = readFunctionRelease(read, provider, updateFunctions);
    const rest = {
        ...common,
        ...settings,
        updateFunctions,
        workspace,
        runnerTemp,
        warnings
    };
    if (provider === 'tencent') {
        const tencentCredentials = readTencentCredentials(read, env);
        return { provider, ...rest, tags, tencentCredentials };
    }
    refuseTencentCredentials(read);
    return { provider, ...rest, compatibleArchitectures, shareWith, ...release };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/util/format.ts
/** Sizes as people read them in logs and messages: 1.5 MiB, not 1572864. */
function formatBytes(n) {
    if (n < 1024)
        return `${n} B`;
    const units = ['KiB', 'MiB', 'GiB'];
    let v = n / 1024;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
/**
 * 1,234,567: what toLocaleString('en-US') prints for an integer, without
 * it. That call maps the ICU data in node's binary into memory, 7.6 MiB of
 * resident pages for a thousands separator (bench/README.md).
 */
function groupDigits(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/util/heap.ts
/**
 * One full collection of the JavaScript heap, at a phase boundary.
 *
 * Selecting 70,000 files leaves ~2 MiB of short-lived objects (paths,
 * directory entries, the walk's stack) promoted to V8's old generation.
 * V8 collects them only when the old generation next fills, late in
 * packaging, and packaging's own garbage grows on top of them meanwhile;
 * packaging's leftovers likewise meet the checks and the SDKs' loading.
 * Collected at those two boundaries, peak RSS falls by ~2 MiB at 20,000 and
 * 70,000 files (single runs: 106-108 and 107-108 MiB against 108-110 and
 * 109-110; bench/README.md, "Seventh pass"), for 9-13 ms a collection at
 * 70,000 files (`--trace-gc`). Collecting is otherwise left to V8: these are
 * the places where the phase's end says more than its heuristics can.
 */


let collect;
function collectGarbage() {
    collect ??= collector();
    collect();
}
function collector() {
    // V8 installs `gc` in contexts made after the flag is set, so the
    // runner's `node` needs no --expose-gc of its own. The context is kept
    // with its `gc` (~160 KiB of heap, counted in the figures above).
    (0,external_node_v8_.setFlagsFromString)('--expose-gc');
    try {
        const gc = (0,external_node_vm_.runInNewContext)('gc');
        if (typeof gc === 'function')
            return gc;
    }
    catch {
        // A runtime without it packages the same, with V8's own timing.
    }
    return () => { };
}

;// CONCATENATED MODULE: ./src/packaging.ts
/** The packaging phase: the selected files into one zip under RUNNER_TEMP. */




async function buildArchive(inputs, entries, log, collect = collectGarbage) {
    const { writeZip } = await Promise.all(/* import() */[__webpack_require__.e(860), __webpack_require__.e(917)]).then(__webpack_require__.bind(__webpack_require__, 8917));
    const dir = (0,external_node_path_.join)(inputs.runnerTemp, 'publish-layer');
    await (0,promises_.mkdir)(dir, { recursive: true });
    const out = (0,external_node_path_.join)(dir, `${inputs.layerName}.zip`);
    log.info(`Packaging ${entries.length} files from ${inputs.source.kind === 'paths' ? inputs.source.baseDirectory : ''}`);
    // Selection's garbage goes before packaging's starts, and packaging's
    // before the checks and the SDKs load (util/heap.ts); packaging's own
    // as it goes (zip-writer.ts, ZipOptions.collect).
    collect();
    const archive = await writeZip(entries, out, { collect });
    collect();
    return archive;
}
/** The log line that states what will be published. */
function archiveSummaryLine(a) {
    return `Archive ${a.path}: ${formatBytes(a.size)} (${a.entryCount} entries, ${formatBytes(a.unzippedSize)} unzipped), sha256 ${a.sha256}`;
}

;// CONCATENATED MODULE: ./src/providers/archive-tail.ts
/**
 * Reads the last bytes of a layer version's archive from its download URL
 * (AWS Content.Location, SCF Location): plain HTTPS with a `Range` header,
 * the same for both providers, through Node's own fetch (nothing bundled).
 */
/** A server that ignores `Range` is read whole only up to this size. */
const WHOLE_BODY_LIMIT = 1024 * 1024;
/**
 * Undefined when the server does not give the tail cheaply: the caller then
 * falls back to building the archive. The URL is never put in an error (it
 * carries a signature).
 */
function httpTailFetcher(timeoutMs) {
    return async (url, length) => {
        const response = await fetch(url, {
            headers: { range: `bytes=-${length}` },
            signal: AbortSignal.timeout(timeoutMs)
        });
        if (response.status === 206) {
            const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
            const bytes = new Uint8Array(await response.arrayBuffer());
            if (!m || Number(m[2]) - Number(m[1]) + 1 !== bytes.length) {
                return undefined;
            }
            return { bytes, totalSize: Number(m[3]) };
        }
        const declared = Number(response.headers.get('content-length') ?? NaN);
        if (response.status !== 200 || !(declared <= WHOLE_BODY_LIMIT)) {
            await response.body?.cancel();
            return undefined;
        }
        const whole = new Uint8Array(await response.arrayBuffer());
        return {
            bytes: whole.subarray(Math.max(0, whole.length - length)),
            totalSize: whole.length
        };
    };
}

;// CONCATENATED MODULE: ./src/util/defined.ts
/**
 * The fields of `o` that are set. With exactOptionalPropertyTypes an
 * optional field may be absent but not `undefined`; this builds such
 * objects without a `...(x !== undefined && { x })` per field.
 */
function defined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

;// CONCATENATED MODULE: ./src/providers/index.ts

const createProvider = async (config, log) => {
    if (config.provider === 'aws') {
        const { createAwsProvider } = await Promise.all(/* import() */[__webpack_require__.e(696), __webpack_require__.e(175)]).then(__webpack_require__.bind(__webpack_require__, 1175));
        const { region, maxAttempts, requestTimeoutMs, connectTimeoutMs } = config;
        return createAwsProvider({
            region,
            maxAttempts,
            requestTimeoutMs,
            connectTimeoutMs,
            userAgent: config.userAgent,
            ...defined({
                endpointUrl: config.endpointUrl,
                storageEndpointUrl: config.storageEndpointUrl
            })
        }, log);
    }
    const credentials = config.tencentCredentials;
    if (!credentials)
        throw new Error('Tencent credentials were not read');
    const { createTencentProvider } = await Promise.all(/* import() */[__webpack_require__.e(439), __webpack_require__.e(594)]).then(__webpack_require__.bind(__webpack_require__, 2594));
    return createTencentProvider({
        region: config.region,
        secretId: credentials.secretId,
        secretKey: credentials.secretKey,
        ...defined({
            sessionToken: credentials.sessionToken,
            endpoint: config.endpointUrl,
            storageEndpoint: config.storageEndpointUrl
        }),
        maxAttempts: config.maxAttempts,
        waitTimeoutSeconds: config.waitTimeoutSeconds,
        requestTimeoutSeconds: Math.ceil(config.requestTimeoutMs / 1000)
    }, log);
};

;// CONCATENATED MODULE: ./src/providers/layout.ts
function layoutWarnings(provider, runtimes, names) {
    const warnings = [];
    const some = (re) => {
        for (const n of names)
            if (re.test(n))
                return true;
        return false;
    };
    const uses = (re) => runtimes.some((r) => re.test(r));
    if (provider === 'aws') {
        if (uses(/^python/) && !some(/^python\//)) {
            warnings.push(`Python runtimes look in /opt/python, but the archive has no top-level python/ folder; set 'prefix: python' or package python/**`);
        }
        if (uses(/^nodejs/) && !some(/^nodejs\/(node\d+\/)?node_modules\//)) {
            warnings.push(`Node.js runtimes look in /opt/nodejs/node_modules (or nodejs/nodeNN/node_modules), but the archive has neither; set 'prefix: nodejs/node_modules' or package nodejs/**`);
        }
        if (uses(/^ruby/) && !some(/^ruby\/(gems|lib)\//)) {
            warnings.push(`Ruby runtimes look in /opt/ruby/gems and /opt/ruby/lib, but the archive has neither`);
        }
        if (uses(/^java/) && !some(/^java\/lib\//)) {
            warnings.push(`Java runtimes look in /opt/java/lib, but the archive has no java/lib/ folder`);
        }
    }
    else {
        if (uses(/^Nodejs/i) && !some(/^node_modules\//)) {
            warnings.push(`SCF Node.js runtimes look in /opt/node_modules, but the archive has no top-level node_modules/ folder${some(/^nodejs\//) ? ' (nodejs/ is the AWS layout, not SCF)' : ''}`);
        }
        if (uses(/^Python/i) &&
            some(/^python\//) &&
            !some(/^[^/]+\.py$|^[^/]+\/__init__\.py$/)) {
            warnings.push(`SCF Python runtimes look in /opt, but the archive keeps its packages under python/ (the AWS layout); package them at the archive root`);
        }
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/publish/storage.ts
/**
 * The inline-or-upload decision and where an uploaded archive goes, plus the
 * checks that need the archive but no call: a size rule broken here is an
 * input error raised before anything is written anywhere.
 */



/** Content-addressed: concurrent jobs and re-runs never collide or clobber. */
function objectKey(objectPrefix, layerName, sha256Hex) {
    return `${objectPrefix}${layerName}/${sha256Hex}.zip`;
}
function bucketFor(bucket, region) {
    return bucket.replaceAll('{region}', region);
}
/** Whether this archive must travel through object storage. */
function needsUpload(archiveSize, upload, maxInlineBytes) {
    if (upload === 'always')
        return true;
    if (upload === 'never')
        return false;
    return archiveSize > maxInlineBytes;
}
/** Where this region's copy of the archive goes; undefined when sent inline. */
function uploadTarget(archive, plan, provider) {
    const { region } = provider;
    if (!needsUpload(archive.size, plan.upload, provider.maxInlineBytes)) {
        return undefined;
    }
    return {
        bucket: bucketFor(plan.bucket ?? '', region),
        key: objectKey(plan.objectPrefix, plan.layerName, archive.sha256),
        region
    };
}
/**
 * Checks that need the archive but no provider call: size limits and the
 * storage decision. Throws before anything is written anywhere.
 */
function preflight(archive, plan) {
    const rules = providers_rules/* PROVIDER_RULES */.k[plan.provider];
    if (archive.unzippedSize > rules.maxUnzippedBytes) {
        throw new errors/* PackagingError */.yr(`The layer unzips to ${groupDigits(archive.unzippedSize)} bytes (${formatBytes(archive.unzippedSize)}), above ${rules.displayName}'s limit of ${groupDigits(rules.maxUnzippedBytes)} bytes; package fewer files (see 'path' exclusions)`);
    }
    const tooBig = archive.size > rules.maxInlineBytes;
    if (tooBig && plan.upload === 'never') {
        throw new errors/* InputError */.dz('upload', `is 'never', but the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}; set 'upload: auto' and a 'bucket'`);
    }
    if (needsUpload(archive.size, plan.upload, rules.maxInlineBytes) &&
        plan.bucket === undefined) {
        throw new errors/* InputError */.dz('bucket', `is required: the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}, so it must go through ${rules.storage.name}; set 'bucket' to a bucket in the layer's region (e.g. my-layers-{region})`);
    }
}
/**
 * Whether preflight would pass; used to decide whether a skip check may run
 * before packaging (size-rule input errors must come before any call). A
 * bound at least the real archive's size passes only if the archive would.
 */
function passesPreflight(bound, plan) {
    try {
        preflight(bound, plan);
        return true;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./src/util/concurrency.ts
var util_concurrency = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/util/fd-io.ts
var fd_io = __webpack_require__(7313);
;// CONCATENATED MODULE: ./src/checks/byte-source.ts
/**
 * Bounded random access to a file's bytes, from a Buffer of the whole file,
 * an open file handle, or the first bytes packaging already holds in front
 * of either; and a one-block cache over it, so the ELF reader's many small
 * neighbouring reads cost one read each.
 */

/** A whole file already in memory; reads are views, not copies. */
function bufferSource(bytes) {
    return {
        size: bytes.length,
        read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length))
    };
}
/** An open file: each read is one bounded positional read. */
function fileHandleSource(handle, size) {
    return {
        size,
        async read(offset, length) {
            const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
            return buffer.subarray(0, bytesRead);
        }
    };
}
/**
 * An open file descriptor, read synchronously: an ELF's facts are a few
 * small reads, and a round trip through libuv's pool for each made the
 * native check 4 times dearer (bench: checks).
 */
function fdSource(fd, size) {
    return {
        size,
        read(offset, length) {
            const n = Math.max(0, Math.min(length, size - offset));
            const buffer = Buffer.allocUnsafe(n);
            const got = (0,fd_io/* readFully */.l)(fd, buffer, offset);
            return Promise.resolve(buffer.subarray(0, got));
        }
    };
}
/** Serves reads inside `prefix` (the bytes packaging already holds) from it. */
function withPrefix(prefix, rest) {
    return {
        size: rest.size,
        read: (offset, length) => offset + length <= prefix.length
            ? Promise.resolve(prefix.subarray(offset, offset + length))
            : rest.read(offset, length)
    };
}
const BLOCK = 4096;
const MAX_STRING = 256;
/** One cached block over a source, so neighbouring small reads cost one. */
class Window {
    source;
    little;
    start = 0;
    data = new Uint8Array(0);
    constructor(source, 
    /** Byte order of the numbers read; known once the ident is read. */
    little = true) {
        this.source = source;
        this.little = little;
    }
    async view(offset, length) {
        if (offset < 0 || length < 0 || offset + length > this.source.size) {
            return undefined;
        }
        const end = this.start + this.data.length;
        if (offset < this.start || offset + length > end) {
            const want = Math.min(Math.max(length, BLOCK), this.source.size - offset);
            this.data = await this.source.read(offset, want);
            this.start = offset;
            if (this.data.length < length)
                return undefined;
        }
        const at = this.data.byteOffset + offset - this.start;
        return new Reader(new DataView(this.data.buffer, at, length), this.little);
    }
    async string(offset) {
        const length = Math.min(MAX_STRING, this.source.size - offset);
        const view = await this.view(offset, length);
        if (!view)
            return undefined;
        const bytes = new Uint8Array(view.data.buffer, view.data.byteOffset, length);
        const nul = bytes.indexOf(0);
        return nul < 0 ? undefined : Buffer.from(bytes.subarray(0, nul)).toString();
    }
}
/** Numbers at offsets of one view, in the file's byte order. */
class Reader {
    data;
    little;
    constructor(data, little) {
        this.data = data;
        this.little = little;
    }
    u16(at) {
        return this.data.getUint16(at, this.little);
    }
    u32(at) {
        return this.data.getUint32(at, this.little);
    }
    /** A 64-bit field as a number; values past 2^53 cannot be file offsets. */
    u64(at) {
        return Number(this.data.getBigUint64(at, this.little));
    }
    word(at, bits) {
        return bits === 64 ? this.u64(at) : this.u32(at);
    }
}

;// CONCATENATED MODULE: ./src/checks/elf.ts
/**
 * Reads the facts the native-binary checks need from an ELF file: machine,
 * class, byte order, whether it is linked against musl, and the newest
 * GLIBC_2.N it requires (its SHT_GNU_verneed data, .gnu.version_r).
 *
 * It runs on every packaged file, so it reads little: a non-ELF is rejected
 * on its first 4 bytes; an ELF costs the header and program headers (usually
 * one block at the start), the dynamic segment and the version needs with
 * the strings they name. Those are found through PT_DYNAMIC (DT_VERNEED,
 * DT_STRTAB), as the dynamic loader finds them, not through the section
 * headers at the end of the file, so stripped files read the same and no
 * read goes to the tail. Layouts: the System V gABI and the LSB's symbol
 * versioning chapter (Elf_Verneed / Elf_Vernaux).
 */


const MACHINES = {
    2: 'sparc',
    3: 'i386',
    8: 'mips',
    20: 'ppc',
    21: 'ppc64',
    22: 's390',
    40: 'arm',
    43: 'sparcv9',
    50: 'ia64',
    62: 'x86_64',
    183: 'aarch64',
    243: 'riscv',
    258: 'loongarch'
};
const TYPES = ['other', 'relocatable', 'executable', 'shared', 'core'];
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
// Bounds against corrupt or hostile files; real ones are far below them.
const MAX_PHDRS = 512;
const MAX_DYNAMIC_BYTES = 64 * 1024;
const MAX_VERSION_ENTRIES = 512;
const MAX_NEEDED = 128;
/**
 * Not a GLIBC_2.N name, but only glibc 2.36 and later provide it: a file
 * linked with packed relative relocations needs at least that.
 */
const GLIBC_ABI_DT_RELR = '2.36';
/** True when the bytes start with the ELF magic (needs only 4 bytes). */
function isElfMagic(bytes) {
    return (bytes.length >= 4 &&
        bytes[0] === 0x7f &&
        bytes[1] === 0x45 &&
        bytes[2] === 0x4c &&
        bytes[3] === 0x46);
}
/** Compares dotted versions numerically: `2.2.5` < `2.17` < `2.34`. */
function compareVersions(a, b) {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}
async function readHeader(w) {
    const ident = await w.view(0, 6);
    const elfClass = ident?.data.getUint8(4);
    const data = ident?.data.getUint8(5);
    const bits = elfClass === 1 ? 32 : elfClass === 2 ? 64 : undefined;
    if (bits === undefined || (data !== 1 && data !== 2))
        return undefined;
    w.little = data === 1;
    const r = await w.view(0, bits === 64 ? 64 : 52);
    if (!r)
        return undefined;
    const ph = bits === 64 ? 32 : 28;
    const sizes = bits === 64 ? 54 : 42;
    return {
        bits,
        little: w.little,
        type: r.u16(16),
        machine: r.u16(18),
        phoff: r.word(ph, bits),
        phentsize: r.u16(sizes),
        phnum: r.u16(sizes + 2)
    };
}
async function readSegments(w, h) {
    const entry = h.bits === 64 ? 56 : 32;
    if (h.phnum === 0 || h.phnum > MAX_PHDRS || h.phentsize < entry)
        return [];
    const r = await w.view(h.phoff, h.phentsize * h.phnum);
    if (!r)
        return [];
    const segments = [];
    for (let i = 0; i < h.phnum; i++) {
        const at = i * h.phentsize;
        const wide = h.bits === 64;
        segments.push({
            type: r.u32(at),
            offset: r.word(at + (wide ? 8 : 4), h.bits),
            vaddr: r.word(at + (wide ? 16 : 8), h.bits),
            filesz: r.word(at + (wide ? 32 : 16), h.bits)
        });
    }
    return segments;
}
/** File offset of a virtual address, through the PT_LOAD holding it. */
function fileOffset(segments, vaddr) {
    const load = segments.find((s) => s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz);
    return load ? load.offset + (vaddr - load.vaddr) : undefined;
}
async function readDynamic(w, h, dynamic) {
    const entry = h.bits === 64 ? 16 : 8;
    const length = Math.min(dynamic.filesz, MAX_DYNAMIC_BYTES);
    const tags = new Map();
    const r = await w.view(dynamic.offset, length - (length % entry));
    if (!r)
        return tags;
    for (let at = 0; at + entry <= r.data.byteLength; at += entry) {
        const tag = r.word(at, h.bits);
        if (tag === 0)
            break;
        const values = tags.get(tag) ?? [];
        values.push(r.word(at + entry / 2, h.bits));
        tags.set(tag, values);
    }
    return tags;
}
/**
 * vna_name offsets (into the dynamic string table) of every version needed.
 * One budget for all entries: a hostile chain cannot multiply the reads.
 */
async function versionNameOffsets(w, start, count) {
    const names = [];
    let budget = MAX_VERSION_ENTRIES;
    let vn = start;
    for (let i = 0; i < count && budget > 0; i++, budget--) {
        const need = await w.view(vn, 16);
        if (!need)
            break;
        const [cnt, aux, next] = [need.u16(2), need.u32(8), need.u32(12)];
        let vna = vn + aux;
        for (let j = 0; j < cnt && budget > 0; j++, budget--) {
            const entry = await w.view(vna, 16);
            if (!entry)
                break;
            names.push(entry.u32(8));
            const step = entry.u32(12);
            if (step === 0)
                break;
            vna += step;
        }
        if (next === 0)
            break;
        vn += next;
    }
    return names;
}
function glibcOf(name) {
    if (name === 'GLIBC_ABI_DT_RELR')
        return GLIBC_ABI_DT_RELR;
    return /^GLIBC_(\d+\.\d+(?:\.\d+)?)$/.exec(name)?.[1];
}
async function linkFacts(w, strings, h, segments) {
    const interp = segments.find((s) => s.type === PT_INTERP);
    const interpName = interp ? await w.string(interp.offset) : undefined;
    let musl = interpName?.includes('ld-musl') ?? false;
    const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
    if (!dynamic)
        return { musl };
    const tags = await readDynamic(w, h, dynamic);
    const strtab = fileOffset(segments, tags.get(DT_STRTAB)?.[0] ?? -1);
    if (strtab === undefined)
        return { musl };
    for (const needed of (tags.get(DT_NEEDED) ?? []).slice(0, MAX_NEEDED)) {
        const name = await strings.string(strtab + needed);
        if (name?.startsWith('libc.musl'))
            musl = true;
    }
    const verneed = fileOffset(segments, tags.get(DT_VERNEED)?.[0] ?? -1);
    const count = tags.get(DT_VERNEEDNUM)?.[0] ?? 0;
    if (verneed === undefined || count === 0)
        return { musl };
    let glibc;
    for (const offset of await versionNameOffsets(w, verneed, count)) {
        const name = await strings.string(strtab + offset);
        const version = name === undefined ? undefined : glibcOf(name);
        if (version && (!glibc || compareVersions(version, glibc) > 0)) {
            glibc = version;
        }
    }
    return glibc === undefined ? { musl } : { musl, glibc };
}
/**
 * The ELF facts of a file, or undefined when it is not an ELF (decided on
 * its first 4 bytes) or its header is unusable. Damage past the header
 * leaves the affected facts out rather than failing.
 */
async function readElf(source) {
    if (source.size < 52 || !isElfMagic(await source.read(0, 4))) {
        return undefined;
    }
    const w = new Window(source);
    const h = await readHeader(w);
    if (!h)
        return undefined;
    const segments = await readSegments(w, h);
    const strings = new Window(source, h.little);
    const link = await linkFacts(w, strings, h, segments);
    return {
        machine: MACHINES[h.machine] ?? `machine-${h.machine}`,
        bits: h.bits,
        endian: h.little ? 'little' : 'big',
        type: TYPES[h.type] ?? 'other',
        ...link
    };
}

;// CONCATENATED MODULE: ./src/checks/native-scan.ts
/**
 * Finds the layer's ELF files and reads their facts. Only files a loader
 * could load are read: named like a shared object or Node addon, or marked
 * executable. That skips the bulk of a layer (source, data, metadata) with
 * no system call, which keeps this check a small share of packaging time.
 */




const LOADABLE_NAME = /\.so(\.\d+)*$|\.node$/;
function mayBeElf(file) {
    return LOADABLE_NAME.test(file.name) || (file.mode & 0o111) !== 0;
}
/** A file on disk, as selected for packaging (read synchronously: fdSource). */
function diskFile(name, mode, path) {
    return {
        name,
        mode,
        async open() {
            const fd = (0,external_node_fs_.openSync)(path, 'r');
            try {
                const { size } = (0,external_node_fs_.fstatSync)(fd);
                const close = () => Promise.resolve((0,external_node_fs_.closeSync)(fd));
                return { source: fdSource(fd, size), close };
            }
            catch (err) {
                (0,external_node_fs_.closeSync)(fd);
                throw err;
            }
        }
    };
}
/** The ELF facts of every file that may be one; unreadable files are skipped. */
async function scanNative(files) {
    const found = await (0,util_concurrency/* mapLimit */.s)(files.filter(mayBeElf), 8, async (file) => {
        try {
            const { source, close } = await file.open();
            try {
                const elf = await readElf(source);
                return elf && { path: file.name, elf };
            }
            finally {
                await close();
            }
        }
        catch {
            // Packaging reports unreadable files; this check only warns.
            return undefined;
        }
    });
    return found.filter((f) => f !== undefined);
}

;// CONCATENATED MODULE: ./src/checks/native.ts
/**
 * Native binaries against the layer's architectures and runtimes: the
 * failures that only show once a function loads the layer (a `.so` built on
 * an x86_64 runner in an arm64 layer, a wheel needing a newer glibc than
 * the runtime's Amazon Linux, an Alpine build linked against musl).
 */


/** Files a message names before saying "and N more". */
const FILES_NAMED = 5;
/** ELF machine name of each Lambda architecture. */
const AWS_MACHINE = {
    x86_64: 'x86_64',
    arm64: 'aarch64'
};
// Relocatable objects and core dumps are never loaded: only these count.
function isLoadable(file) {
    return file.elf.type === 'executable' || file.elf.type === 'shared';
}
function nameSome(paths, describe = (p) => p) {
    const named = paths.slice(0, FILES_NAMED).map(describe).join(', ');
    const more = paths.length - FILES_NAMED;
    return more > 0 ? `${named} and ${more} more` : named;
}
function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
}
function machineWarning(files, architectures) {
    const given = architectures.length > 0;
    const archs = given ? architectures : ['x86_64'];
    const machines = new Set(archs.map((a) => AWS_MACHINE[a] ?? a));
    const wrong = files.filter((f) => !machines.has(f.elf.machine));
    if (wrong.length === 0)
        return undefined;
    const machineOf = new Map(wrong.map((f) => [f.path, f.elf.machine]));
    const target = given
        ? archs.join(', ')
        : "x86_64 (Lambda's default: compatible-architectures is empty)";
    const list = nameSome(wrong.map((f) => f.path), (p) => `${p} (${machineOf.get(p) ?? '?'})`);
    return {
        kind: 'machine',
        message: `compatible-architectures: ${plural(wrong.length, 'native file is', 'native files are')} not built for ${target}: ${list}`,
        files: wrong.map((f) => f.path)
    };
}
function glibcWarnings(files, runtimes) {
    const targets = [];
    for (const runtime of new Set(runtimes)) {
        const os = (0,aws_runtimes/* awsRuntimeOs */.ym)(runtime);
        if (os)
            targets.push({ runtime, os, glibc: aws_runtimes/* AMAZON_LINUX_GLIBC */.yl[os] });
    }
    const warnings = [];
    for (const file of files) {
        const needed = file.elf.glibc;
        if (needed === undefined)
            continue;
        const short = targets.filter((t) => compareVersions(needed, t.glibc) > 0);
        if (short.length === 0)
            continue;
        const under = short
            .map((t) => `${t.runtime} (${t.os}, glibc ${t.glibc})`)
            .join(', ');
        warnings.push({
            kind: 'glibc',
            message: `compatible-runtimes: ${file.path} needs GLIBC_${needed}, newer than the glibc of ${under}`,
            files: [file.path]
        });
    }
    return capGlibc(warnings);
}
// Per file, as each may need its own fix; a wheel built for a newer
// manylinux brings dozens, so past a few they share one warning.
function capGlibc(warnings) {
    if (warnings.length <= FILES_NAMED)
        return warnings;
    const rest = warnings.slice(FILES_NAMED).flatMap((w) => w.files);
    return [
        ...warnings.slice(0, FILES_NAMED),
        {
            kind: 'glibc',
            message: `compatible-runtimes: ${plural(rest.length, 'more native file needs', 'more native files need')} a newer glibc than a listed runtime provides: ${nameSome(rest)}`,
            files: rest
        }
    ];
}
function muslWarning(files) {
    const musl = files.filter((f) => f.elf.musl).map((f) => f.path);
    if (musl.length === 0)
        return undefined;
    return {
        kind: 'musl',
        message: `${plural(musl.length, 'native file is', 'native files are')} linked against musl libc (an Alpine build?); the runtimes use glibc and cannot load ${musl.length === 1 ? 'it' : 'them'}: ${nameSome(musl)}`,
        files: musl
    };
}
/**
 * Warnings for the layer's ELF files. AWS: wrong machine (x86_64 when no
 * architecture is given, as Lambda defaults), glibc newer than a listed
 * runtime's Amazon Linux, musl. Tencent layers have no architecture and
 * SCF does not document its runtimes' glibc, so only musl is checked there.
 */
function nativeWarnings(files, options) {
    const loadable = files.filter(isLoadable);
    const warnings = [];
    if (options.provider === 'aws') {
        const machine = machineWarning(loadable, options.architectures);
        if (machine)
            warnings.push(machine);
        warnings.push(...glibcWarnings(loadable, options.runtimes));
    }
    const musl = muslWarning(loadable);
    if (musl)
        warnings.push(musl);
    return warnings;
}

;// CONCATENATED MODULE: ./src/checks/size.ts
/**
 * Where a layer's unzipped bytes go: the largest packages (found by the
 * layer layouts of AWS and SCF), packages present more than once, and the
 * share of the provider's unzipped limit used. Plain data: it goes into the
 * `results` output and the job summary as is.
 */
const LIST_LENGTH = 10;
const SITE_PACKAGES = /^python\/lib\/python\d+\.\d+\/site-packages\//;
const GEMS = /^ruby\/gems\/[^/]+\/gems\//;
/** The name after the last `node_modules/`, with its scope if any. */
function npmPackage(name) {
    const at = name.lastIndexOf('node_modules/');
    if (at < 0 || (at > 0 && name[at - 1] !== '/'))
        return undefined;
    const base = at + 'node_modules/'.length;
    const parts = name.slice(base).split('/');
    const take = parts[0]?.startsWith('@') ? 2 : 1;
    // A file directly in node_modules (.package-lock.json) is no package:
    // it counts to node_modules itself.
    if (parts.length <= take)
        return { root: name.slice(0, base - 1), pkg: '' };
    const pkg = parts.slice(0, take).join('/');
    return { root: name.slice(0, base) + pkg, pkg };
}
function firstSegments(name, prefix, count) {
    const parts = name.slice(prefix.length).split('/');
    return prefix + parts.slice(0, count).join('/');
}
/**
 * The package a file belongs to: the innermost `node_modules/<pkg>` (or
 * `@scope/pkg`), `python/lib/pythonX.Y/site-packages/<pkg>`, `python/<pkg>`,
 * `ruby/gems/X/gems/<gem>`, `java/lib/<jar>`, `bin`, `lib`; else its
 * top-level directory (SCF's Python packages sit at the root).
 */
function packagePath(name) {
    const npm = npmPackage(name);
    if (npm)
        return npm.root;
    const site = SITE_PACKAGES.exec(name);
    if (site)
        return firstSegments(name, site[0], 1);
    const gems = GEMS.exec(name);
    if (gems)
        return firstSegments(name, gems[0], 1);
    if (name.startsWith('python/'))
        return firstSegments(name, 'python/', 1);
    if (name.startsWith('java/lib/'))
        return firstSegments(name, 'java/lib/', 1);
    return firstSegments(name, '', 1);
}
function bySizeThenPath(a, b) {
    return b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
/** Bytes per package, and in all; directories (a trailing `/`) are no files. */
function packageSizes(entries) {
    const sizes = new Map();
    let totalBytes = 0;
    for (const { name, size } of entries) {
        if (name.endsWith('/'))
            continue;
        const path = packagePath(name);
        sizes.set(path, (sizes.get(path) ?? 0) + size);
        totalBytes += size;
    }
    return { sizes, totalBytes };
}
/**
 * One npm package name at several paths. Versions are not compared: that
 * needs each package.json's contents and only names and sizes are here, so
 * two different versions of a package count as copies too.
 */
function npmDuplicates(sizes) {
    const byName = new Map();
    for (const path of sizes.keys()) {
        const npm = npmPackage(`${path}/x`);
        if (!npm?.pkg || npm.root !== path || npm.pkg.startsWith('.'))
            continue;
        byName.set(npm.pkg, [...(byName.get(npm.pkg) ?? []), path]);
    }
    return [...byName].flatMap(([name, paths]) => paths.length > 1 ? [copies(name, 'npm', paths, sizes)] : []);
}
/** PEP 503 normalization: `PyYAML`, `pyyaml` and `py_yaml`… compare equal. */
function normalizeDistribution(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
const DIST_INFO = /^(.*\/)?([^/]+?)-[^/-]+\.(?:dist-info|egg-info)$/;
/**
 * One Python distribution (`*.dist-info` / `*.egg-info`) in several places.
 * A copy's bytes are its metadata plus the sibling directories or modules
 * whose name normalizes to the distribution's; a distribution whose import
 * name differs (PyYAML → yaml) is only counted by its metadata.
 */
function pythonDuplicates(sizes) {
    const byName = new Map();
    for (const path of sizes.keys()) {
        const match = DIST_INFO.exec(path);
        if (!match?.[2])
            continue;
        const name = normalizeDistribution(match[2]);
        byName.set(name, [...(byName.get(name) ?? []), path]);
    }
    const duplicates = [];
    for (const [name, infos] of byName) {
        if (infos.length < 2)
            continue;
        const copySizes = new Map();
        for (const info of infos) {
            const dir = DIST_INFO.exec(info)?.[1] ?? '';
            let bytes = sizes.get(info) ?? 0;
            for (const [path, size] of sizes) {
                const rest = path.startsWith(dir) ? path.slice(dir.length) : undefined;
                const module = rest?.replace(/\.py$/, '');
                if (module && !module.includes('/')) {
                    if (normalizeDistribution(module) === name)
                        bytes += size;
                }
            }
            copySizes.set(info, bytes);
        }
        duplicates.push(copies(name, 'python', infos, copySizes));
    }
    return duplicates;
}
function copies(name, kind, paths, sizes) {
    const each = paths.map((p) => sizes.get(p) ?? 0);
    const total = each.reduce((a, b) => a + b, 0);
    return {
        name,
        kind,
        paths: [...paths].sort(),
        bytes: total - Math.max(...each)
    };
}
function formatMiB(bytes) {
    return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
/** The size breakdown of a layer from its entries' names and sizes. */
function sizeBreakdown(entries, options) {
    const { sizes, totalBytes } = packageSizes(entries);
    const largest = [...sizes]
        .map(([path, bytes]) => ({ path, bytes }))
        .sort(bySizeThenPath)
        .slice(0, LIST_LENGTH);
    const all = [...npmDuplicates(sizes), ...pythonDuplicates(sizes)].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
    const limitShare = totalBytes / options.limitBytes;
    const warnings = [];
    if (options.warnShare !== undefined && limitShare > options.warnShare) {
        warnings.push(`The layer unzips to ${formatMiB(totalBytes)}, ${Math.round(limitShare * 100)}% of the ${formatMiB(options.limitBytes)} unzipped limit, which counts the function and all its layers together`);
    }
    return {
        largest,
        duplicates: all.slice(0, LIST_LENGTH),
        duplicateCount: all.length,
        totalBytes,
        limitBytes: options.limitBytes,
        limitShare,
        warnings
    };
}

;// CONCATENATED MODULE: ./src/checks/index.ts
/**
 * The checks phase: everything knowable about the layer before any write.
 * A broken rule throws (input or packaging error); what may still work
 * comes back as warnings — layout, runtimes, native binaries, size — which
 * `strict` turns into one error, still before any write.
 */







/** AWS counts the function and all its layers against the limit. */
const AWS_WARN_SHARE = 0.8;
async function prePublishChecks(archive, plan, contents, options) {
    preflight(archive, plan);
    const rules = providers_rules/* PROVIDER_RULES */.k[plan.provider];
    const size = sizeBreakdown(contents.entries, {
        limitBytes: rules.maxUnzippedBytes,
        ...(plan.provider === 'aws' && { warnShare: AWS_WARN_SHARE })
    });
    const native = nativeWarnings(await scanNative(contents.files), {
        provider: plan.provider,
        architectures: plan.settings.compatibleArchitectures,
        runtimes: plan.settings.compatibleRuntimes
    });
    const warnings = [
        ...options.warnings,
        ...layoutWarnings(plan.provider, plan.settings.compatibleRuntimes, archive.names),
        ...native.map((w) => w.message),
        ...size.warnings
    ];
    if (options.strict && warnings.length > 0) {
        throw new errors/* InputError */.dz('strict', `is true, so pre-publish warnings fail the step before any write:\n${warnings.map((w) => `- ${w}`).join('\n')}`);
    }
    return { warnings, size };
}

;// CONCATENATED MODULE: ./src/publish/plan.ts
/** The plan a run's inputs describe; the only place inputs become a plan. */
function planFrom(inputs) {
    return {
        provider: inputs.provider,
        layerId: inputs.layerId,
        layerName: inputs.layerName,
        settings: {
            layerName: inputs.layerId,
            compatibleRuntimes: inputs.compatibleRuntimes,
            compatibleArchitectures: inputs.provider === 'aws' ? inputs.compatibleArchitectures : [],
            description: inputs.description,
            licenseInfo: inputs.licenseInfo,
            tags: inputs.provider === 'tencent' ? inputs.tags : {}
        },
        ...(inputs.bucket !== undefined && { bucket: inputs.bucket }),
        objectPrefix: inputs.objectPrefix,
        upload: inputs.upload,
        deleteObject: inputs.deleteObject,
        skipUnchanged: inputs.skipUnchanged,
        dryRun: inputs.dryRun,
        shareWith: inputs.provider === 'aws' ? inputs.shareWith : [],
        keepVersions: inputs.keepVersions,
        maxAttempts: inputs.maxAttempts,
        functions: {
            targets: inputs.updateFunctions,
            publishVersion: inputs.provider === 'aws' && inputs.publishFunctionVersion,
            ...(inputs.provider === 'aws' &&
                inputs.functionAlias !== undefined && {
                alias: inputs.functionAlias
            }),
            waitTimeoutSeconds: inputs.waitTimeoutSeconds
        }
    };
}
/** A region's result before anything happened (or when nothing could). */
function emptyResult(region, plan) {
    return {
        region,
        layerName: plan.layerName,
        version: null,
        layerArn: '',
        layerVersionArn: '',
        published: false,
        codeSha256: '',
        storage: '',
        status: 'failed',
        error: '',
        deletedVersions: [],
        sharedWith: [],
        functions: [],
        keptInUse: []
    };
}

// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
;// CONCATENATED MODULE: ./src/functions/layers.ts
function changeFor(layers, target) {
    const mine = layers.find((l) => l.layer === target.layer);
    if (!mine)
        return { kind: 'absent' };
    if (mine.version === target.version)
        return { kind: 'current' };
    return {
        kind: 'move',
        from: mine.version,
        layers: layers.map((l) => (l.layer === target.layer ? target : l))
    };
}

;// CONCATENATED MODULE: ./src/functions/move.ts
/**
 * Moving one function to the new layer version: wait until no update is in
 * progress, replace the layer in place (with the RevisionId read, so a
 * concurrent change is refused rather than overwritten), wait until the
 * update is done, then optionally publish a function version and point an
 * alias at it. A refused update is re-read and tried again, a bounded
 * number of times.
 */


const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 5000;
/** Reads the function until no update is in progress. */
async function settled(api, fn, opts) {
    const deadline = opts.now() + opts.waitTimeoutMs;
    for (let delay = POLL_FIRST_MS;; delay = Math.min(POLL_MAX_MS, delay * 2)) {
        const state = await api.getFunction(fn);
        if (state.state !== 'updating')
            return state;
        if (opts.now() + delay > deadline) {
            throw new Error(`still updating after ${Math.round(opts.waitTimeoutMs / 1000)} s (wait-timeout)`);
        }
        await opts.sleep(delay);
    }
}
/** Publishes a function version and moves the alias, as asked. */
async function release(api, fn, move, opts, revisionId) {
    if (!opts.publishVersion || !api.publishVersion)
        return;
    move.version = await api.publishVersion(fn, revisionId);
    if (opts.alias !== undefined && api.pointAlias) {
        await api.pointAlias(fn, opts.alias, move.version);
        move.alias = opts.alias;
    }
}
/** One read-decide-update round; undefined when the update was refused. */
async function attempt(api, fn, target, opts, rounds) {
    const before = await settled(api, fn, opts);
    const change = changeFor(before.layers, target);
    if (change.kind === 'move')
        rounds.firstFrom ??= change.from;
    const moved = change.kind === 'current' && rounds.sent;
    const move = {
        name: fn.label,
        from: change.kind === 'move' || moved ? rounds.firstFrom : target.version,
        to: target.version,
        status: moved ? 'updated' : 'up to date'
    };
    if (change.kind === 'absent') {
        throw new Error(`does not use layer ${target.layer} (a function must already use the layer to be moved; add it once by hand)`);
    }
    if (opts.dryRun) {
        if (change.kind === 'move')
            move.status = 'planned';
        return move;
    }
    if (change.kind === 'move') {
        (0,errors/* throwIfCancelled */.dZ)(opts.signal);
        rounds.sent = true;
        try {
            await api.updateLayers(fn, change.layers, before.revisionId);
        }
        catch (error) {
            if (error instanceof errors/* ProviderError */.mZ && error.kind === 'conflict') {
                rounds.lastConflict = error;
                return undefined;
            }
            throw error;
        }
        move.status = 'updated';
    }
    const after = await settled(api, fn, opts);
    if (after.state === 'failed') {
        throw new Error(`the update failed: ${after.reason ?? 'no reason given'}`);
    }
    await release(api, fn, move, opts, after.revisionId);
    return move;
}
async function moveFunction(api, fn, target, opts) {
    const rounds = { sent: false };
    try {
        for (let round = 1; round <= opts.maxConflicts; round++) {
            const move = await attempt(api, fn, target, opts, rounds);
            if (move)
                return move;
        }
        const last = rounds.lastConflict
            ? ` (last: ${rounds.lastConflict.message})`
            : '';
        throw new Error(`changed by someone else ${opts.maxConflicts} times while being updated; run the step again${last}`);
    }
    catch (error) {
        return {
            name: fn.label,
            from: null,
            to: target.version,
            status: 'failed',
            error: (0,errors/* errorMessage */.gJ)(error)
        };
    }
}

;// CONCATENATED MODULE: ./src/functions/index.ts




/** Updates refused because the function changed meanwhile, at most. */
const MAX_CONFLICTS = 3;
/**
 * The version functions move to, with the layer's identity across its
 * versions (the layer ARN where the provider has one, else its name). In a
 * dry run of a new version, that is the version after the newest.
 */
async function targetOf(provider, plan, result) {
    if (result.version !== null) {
        return { layer: result.layerArn || plan.layerId, version: result.version };
    }
    const [newest] = await provider.listVersions(plan.layerId);
    if (!newest)
        return { layer: plan.layerId, version: 1 };
    const v = await provider.getVersion(plan.layerId, newest.version);
    return { layer: v.layerArn ?? plan.layerId, version: newest.version + 1 };
}
function describeMove(m) {
    switch (m.status) {
        case 'updated':
            return `moved ${m.name} from version ${m.from} to ${m.to}${m.version ? `, published function version ${m.version}` : ''}${m.alias ? ` (alias ${m.alias})` : ''}`;
        case 'planned':
            return `would move ${m.name} from :${m.from} to :${m.to}`;
        case 'up to date':
            return `${m.name} already uses version ${m.to}${m.version ? ` (function version ${m.version})` : ''}`;
        case 'failed':
            return `function ${m.name}: ${m.error ?? 'failed'}`;
    }
}
async function moveFunctions(provider, plan, result, log) {
    const refs = functionsIn(plan.functions.targets, result.region);
    if (refs.length === 0 || result.status === 'failed')
        return;
    const api = provider.functions;
    if (!api)
        throw new Error(`${provider.id} cannot update functions`);
    const target = await targetOf(provider, plan, result);
    const moves = await (0,util_concurrency/* mapLimit */.s)(refs, 4, (fn) => moveFunction(api, fn, target, {
        dryRun: plan.dryRun,
        publishVersion: plan.functions.publishVersion,
        ...(plan.functions.alias !== undefined && {
            alias: plan.functions.alias
        }),
        waitTimeoutMs: plan.functions.waitTimeoutSeconds * 1000,
        maxConflicts: MAX_CONFLICTS,
        sleep: plan.sleep ?? retry/* realSleep */.u,
        now: plan.now ?? Date.now,
        ...(plan.signal && { signal: plan.signal })
    }));
    for (const m of moves) {
        const line = `[${result.region}] ${describeMove(m)}`;
        if (m.status === 'failed')
            log.warning(line);
        else
            log.info(line);
    }
    result.functions.push(...moves);
}

;// CONCATENATED MODULE: ./src/skip/first-reads.ts
async function settle(p) {
    try {
        return { ok: true, value: await p };
    }
    catch (error) {
        return { ok: false, error };
    }
}
const unwrap = (s) => {
    if (s.ok)
        return s.value;
    throw s.error;
};
/** Reads of one layer in one region, starting from what is already known. */
class FirstReads {
    provider;
    layerId;
    list_;
    newest;
    constructor(provider, layerId, known) {
        this.provider = provider;
        this.layerId = layerId;
        this.list_ = known?.list;
        this.newest = known?.newest;
    }
    async list() {
        const kept = this.list_;
        this.list_ = undefined;
        return kept ? unwrap(kept) : this.provider.listVersions(this.layerId);
    }
    async get(version) {
        const kept = this.newest;
        if (kept?.version === version) {
            this.newest = undefined;
            return unwrap(kept.read);
        }
        return this.provider.getVersion(this.layerId, version);
    }
}

;// CONCATENATED MODULE: ./src/skip/versions.ts
/**
 * Skip unchanged, after packaging: whether one of the newest versions
 * already holds this archive with these settings, and which versions a
 * concurrent run (or a publish whose answer was lost) made of it.
 */

const sorted = (list) => [...list].sort().join('\n');
/**
 * Whether an existing version already is what we would publish: same bytes
 * (compared as hex, whatever form the provider reports) and same settings.
 */
function isSameVersion(existing, sha256Hex, settings) {
    return (existing.sha256Hex.toLowerCase() === sha256Hex.toLowerCase() &&
        (existing.status === undefined || existing.status === 'Active') &&
        sorted(existing.compatibleRuntimes) ===
            sorted(settings.compatibleRuntimes) &&
        sorted(existing.compatibleArchitectures) ===
            sorted(settings.compatibleArchitectures) &&
        existing.description === settings.description &&
        existing.licenseInfo === settings.licenseInfo);
}
/** Same archive and settings whatever its status; Publishing may become it. */
function holdsArchive(v, sha256Hex, settings) {
    const { status: _status, ...anyStatus } = v;
    return isSameVersion(anyStatus, sha256Hex, settings);
}
/** The version, or undefined when it vanished (a concurrent run deleted it). */
async function getIfExists(get) {
    try {
        return await get();
    }
    catch (error) {
        if (errors/* ProviderError */.mZ.isNotFound(error))
            return undefined;
        throw error;
    }
}
/**
 * The skip-unchanged check. Walks the newest versions while they hold this
 * archive with these settings, down to the oldest of them: that one is
 * returned if Active, or as `publishing` if still being published (a
 * concurrent run on Tencent). Versions that vanish while we look, or are
 * being deleted, are passed over. Reads through `reads`, so a region starts
 * from what was read before packaging.
 */
async function checkUnchanged(reads, sha256Hex, settings) {
    const listed = await reads.list();
    // The oldest holder so far that is Active or still being published.
    let oldest;
    const found = (floor) => oldest?.status === 'Publishing'
        ? { existing: undefined, floor, publishing: oldest.version }
        : { existing: oldest, floor };
    for (const v of listed.slice(0, 20)) {
        const got = await getIfExists(() => reads.get(v.version));
        if (!got)
            continue;
        if (!holdsArchive(got, sha256Hex, settings) ||
            got.status === 'PublishFailed') {
            return found(v.version);
        }
        const usable = got.status === undefined || got.status === 'Active';
        if (usable || got.status === 'Publishing')
            oldest = got;
    }
    return found(listed.slice(20)[0]?.version ?? 0);
}
/**
 * Versions newer than `after` that hold this archive with these settings,
 * oldest first. Used after a lost response and after a concurrent race.
 * Best effort: failing to look only means a duplicate may remain.
 */
async function sameVersionsSince(provider, layerId, after, sha256Hex, settings, log) {
    try {
        const candidates = (await provider.listVersions(layerId))
            .filter((v) => v.version > after)
            .sort((a, b) => a.version - b.version);
        const out = [];
        for (const c of candidates) {
            // A concurrent run may delete its duplicate between our list and get.
            const v = await getIfExists(() => provider.getVersion(layerId, c.version));
            if (!v || v.status === 'PublishFailed')
                continue;
            // A version still becoming Active (Tencent) may be the one we just made.
            if (holdsArchive(v, sha256Hex, settings))
                out.push(v);
        }
        return out;
    }
    catch (error) {
        log.debug(`[${provider.region}] looking for this archive's version failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return [];
    }
}

;// CONCATENATED MODULE: ./src/publish/publish-version.ts
/**
 * Publishing one version safely: our own retries, so that a publish whose
 * response was lost (the provider committed it, the connection died) is
 * found rather than published twice; then, if concurrent runs published the
 * same archive, everyone keeps the oldest of those versions.
 */



/** Longest wait for a publish that got no answer to show up (see below). */
const MAX_GRACE_MS = 60_000;
const POLL_MS = 1000;
/** Versions above the floor that hold this archive, oldest first. */
function sameSinceFloor(step) {
    const { provider, plan, archive, settings, newestBefore, log } = step;
    return sameVersionsSince(provider, plan.layerId, newestBefore, archive.sha256, settings, log);
}
/**
 * Looks for a version holding this archive, published after the floor: at
 * once, then each second for up to `graceMs`.
 */
async function findPublished(step, graceMs) {
    const sleep = step.plan.sleep ?? retry/* realSleep */.u;
    const polls = Math.ceil(graceMs / POLL_MS);
    for (let i = 0;; i++) {
        const found = await sameSinceFloor(step);
        if (found.length > 0 || i >= polls)
            return found;
        await sleep(Math.min(POLL_MS, graceMs - i * POLL_MS));
    }
}
/** One publish attempt; a failed one first looks for a version it made. */
async function attemptPublish(step, content) {
    const { provider, plan, settings, archive, log } = step;
    const now = plan.now ?? Date.now;
    (0,errors/* throwIfCancelled */.dZ)(plan.signal);
    const started = now();
    try {
        return await provider.publishLayer(settings, content, archive.sha256);
    }
    catch (error) {
        if (!(error instanceof errors/* ProviderError */.mZ && error.retryable))
            throw error;
        // No answer at all (timeout, reset): the provider may still be at work
        // on it. Give it twice as long as it already took to show the version
        // before publishing again, so a late commit is not doubled.
        const graceMs = errors/* ProviderError */.mZ.isUnanswered(error)
            ? Math.min(MAX_GRACE_MS, 2 * (now() - started))
            : 0;
        const [found] = await findPublished(step, graceMs);
        if (!found)
            throw error;
        const mine = (await provider.waitUntilUsable?.(plan.layerId, found.version)) ?? found;
        log.info(`[${provider.region}] the publish response was lost, but version ${mine.version} holds this archive; using it instead of publishing again`);
        return mine;
    }
}
/** Concurrent runs with the same content each publish; all keep the oldest. */
async function keepOldest(step, mine) {
    const { provider, plan, log } = step;
    const region = provider.region;
    const [winner] = await sameSinceFloor(step);
    if (!winner || winner.version >= mine.version)
        return mine;
    log.info(`[${region}] another run published this archive as version ${winner.version}; deleting the duplicate version ${mine.version}`);
    try {
        await provider.deleteVersion(plan.layerId, mine.version);
    }
    catch (error) {
        log.warning(`[${region}] could not delete duplicate version ${mine.version}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return mine;
    }
    return ((await provider.waitUntilUsable?.(plan.layerId, winner.version)) ?? winner);
}
/** Publishes once, however many attempts and concurrent runs that takes. */
async function publishVersion(step, content) {
    const { plan, log } = step;
    const mine = await (0,retry/* retry */.L)(() => attemptPublish(step, content), {
        attempts: plan.maxAttempts,
        isRetryable: (e) => e instanceof errors/* ProviderError */.mZ && e.retryable,
        ...(plan.sleep && { sleep: plan.sleep }),
        ...(plan.random && { random: plan.random }),
        onRetry: (error, attempt, delayMs) => log.info(`[${step.provider.region}] publish attempt ${attempt} of ${plan.maxAttempts} failed (${(0,errors/* errorMessage */.gJ)(error)}); retrying in ${delayMs} ms`)
    });
    return keepOldest(step, mine);
}

;// CONCATENATED MODULE: ./src/publish/retain.ts
/**
 * keep-versions: deletes what is older than the newest N. A failed delete
 * is a warning, not a failure: the release itself succeeded.
 */

/** Versions to delete so that only the newest `keep` remain, never `current`. */
function versionsToDelete(versions, keep, current) {
    if (keep <= 0)
        return [];
    const newestFirst = [...new Set(versions)].sort((a, b) => b - a);
    return newestFirst.slice(keep).filter((v) => v !== current);
}
async function retain(provider, plan, result, log) {
    if (plan.keepVersions <= 0)
        return;
    const region = result.region;
    let existing;
    try {
        existing = (await provider.listVersions(plan.layerId)).map((v) => v.version);
    }
    catch (error) {
        log.warning(`[${region}] keep-versions: could not list versions: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return;
    }
    // In a dry run of a new version, that version would be the newest.
    const planned = result.version === null ? Math.max(0, ...existing) + 1 : result.version;
    const all = result.version === null ? [planned, ...existing] : existing;
    const doomed = versionsToDelete(all, plan.keepVersions, planned);
    if (doomed.length === 0)
        return;
    const users = await usersOf(provider, plan, result, log);
    if (users === undefined)
        return;
    for (const v of doomed.filter((d) => users.has(d))) {
        keep(result, { version: v, functions: users.get(v) ?? [] }, plan, log);
    }
    const free = doomed.filter((d) => !users.has(d));
    if (plan.dryRun) {
        result.deletedVersions.push(...free);
        if (free.length > 0) {
            log.info(`[${region}] would delete versions ${free.join(', ')} (keep-versions: ${plan.keepVersions})`);
        }
        return;
    }
    for (const v of free)
        await deleteOne(provider, plan, result, v, log);
}
async function deleteOne(provider, plan, result, v, log) {
    try {
        await provider.deleteVersion(plan.layerId, v);
        result.deletedVersions.push(v);
        log.info(`[${result.region}] deleted version ${v} (keep-versions: ${plan.keepVersions})`);
    }
    catch (error) {
        if (error instanceof errors/* ProviderError */.mZ && error.kind === 'in-use') {
            keep(result, { version: v, functions: [] }, plan, log);
            return;
        }
        log.warning(`[${result.region}] keep-versions: could not delete version ${v}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
function keep(result, kept, plan, log) {
    result.keptInUse.push(kept);
    const who = kept.functions.length > 0
        ? `used by ${kept.functions.join(', ')}`
        : 'still bound to a function';
    log.info(`[${result.region}] kept version ${kept.version}, ${who} (keep-versions: ${plan.keepVersions} never deletes a version in use)`);
}
/**
 * Which versions functions still use, where the provider can list them;
 * an empty map where it cannot (SCF refuses to delete a bound version
 * instead). Undefined when listing failed: then nothing is deleted, since
 * deleting blind could break a function.
 */
async function usersOf(provider, plan, result, log) {
    const list = provider.functions?.layerUsers;
    if (!list)
        return new Map();
    try {
        return await list.call(provider.functions, result.layerArn || plan.layerId);
    }
    catch (error) {
        log.warning(`[${result.region}] keep-versions: could not tell which versions functions use, so none was deleted: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/publish/share.ts
/**
 * share-with: read access to a published version, one grant per principal.
 * Statement ids are deterministic, so a re-run recognises its own grants.
 */

function permissionFor(p) {
    switch (p.kind) {
        case 'account':
            return {
                label: p.id,
                statementId: `publish-layer-${p.id}`,
                principal: p.id
            };
        case 'organization':
            return {
                label: p.id,
                statementId: `publish-layer-${p.id}`,
                principal: '*',
                organizationId: p.id
            };
        case 'public':
            return {
                label: 'public',
                statementId: 'publish-layer-public',
                principal: '*'
            };
    }
}
/** Grants read access per principal; a grant already there counts as done. */
async function share(provider, plan, result, log) {
    for (const p of plan.shareWith) {
        const perm = permissionFor(p);
        if (plan.dryRun || result.version === null) {
            result.sharedWith.push(perm.label);
            continue;
        }
        if (!provider.addPermission) {
            throw new errors/* InputError */.dz('share-with', `is not supported by ${provider.id}`);
        }
        const added = await provider.addPermission(plan.layerId, result.version, perm.statementId, perm.principal, ...(perm.organizationId !== undefined ? [perm.organizationId] : []));
        result.sharedWith.push(perm.label);
        log.info(`[${result.region}] ${added ? 'shared' : 'already shared'} version ${result.version} with ${perm.label}`);
    }
}

;// CONCATENATED MODULE: ./src/publish/upload.ts
/**
 * One region's copy of the archive in S3 or COS: uploading it, re-uploading
 * it when a concurrent run's delete-object removed it, and cleaning up
 * after the region's run whatever happened.
 */



/** Logs upload progress at each 10% step or every 15 s, not on every event. */
function progressLogger(log, label, now = Date.now) {
    let lastStep = -1;
    let lastTime = now();
    return (loaded, total) => {
        const step = total > 0 ? Math.floor((loaded / total) * 10) : 0;
        const t = now();
        if (step > lastStep || t - lastTime >= 15_000) {
            lastStep = Math.max(step, lastStep);
            lastTime = t;
            const pct = total > 0 ? Math.floor((loaded / total) * 100) : 0;
            log.info(`${label}: ${pct}% (${formatBytes(loaded)} of ${formatBytes(total)})`);
        }
    };
}
class ArchiveUpload {
    provider;
    target;
    archive;
    log;
    signal;
    uploaded;
    started = false;
    constructor(provider, target, archive, log, signal) {
        this.provider = provider;
        this.target = target;
        this.archive = archive;
        this.log = log;
        this.signal = signal;
    }
    /** `bucket/key`, as results and the summary show it. */
    get storage() {
        return `${this.target.bucket}/${this.target.key}`;
    }
    async upload() {
        const { region } = this.provider;
        const scheme = providers_rules/* PROVIDER_RULES */.k[this.provider.id].storage.scheme;
        this.log.info(`[${region}] uploading ${formatBytes(this.archive.size)} to ${scheme}://${this.storage}`);
        this.started = true;
        this.uploaded = await this.provider.uploadArchive(this.archive.path, this.target, progressLogger(this.log, `[${region}] upload`), this.signal);
        return { kind: 'object', location: this.uploaded };
    }
    /** The shared object vanished before publish read it: put it back. */
    async again() {
        this.log.info(`[${this.provider.region}] ${this.storage} was gone when the layer was published (another run's delete-object?); uploading it again`);
        this.uploaded = await this.provider.uploadArchive(this.archive.path, this.target, undefined, this.signal);
        return { kind: 'object', location: this.uploaded };
    }
    /** delete-object, and a last sweep for uploads the service started late. */
    async cleanUp(deleteObject) {
        const { region } = this.provider;
        const uploaded = this.uploaded;
        if (uploaded && deleteObject) {
            try {
                await this.provider.deleteObject(uploaded);
                this.log.info(`[${region}] deleted ${uploaded.bucket}/${uploaded.key}`);
            }
            catch (error) {
                this.log.warning(`[${region}] could not delete ${uploaded.bucket}/${uploaded.key}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
        }
        if (this.started && this.provider.sweepUploads) {
            await this.provider.sweepUploads(this.target).catch((error) => {
                this.log.debug(`[${region}] ${(0,errors/* errorMessage */.gJ)(error)}`);
            });
        }
    }
}

;// CONCATENATED MODULE: ./src/publish/region.ts
/**
 * Publishing in one region: skip check, upload or inline, publish (with
 * lost-response recovery), then sharing and retention. Never throws:
 * failures come back as status `failed`, so one region cannot stop others.
 */











/** Uploads (or reads) the archive, then publishes it once. */
async function publishNew(step, copy, result) {
    const { provider, plan, archive, log } = step;
    if (archive.path === '') {
        // Known from its fingerprint, not built: only possible when the newest
        // version changed between the check and now.
        throw new errors/* PackagingError */.yr('the newest layer version changed while this run was checking it; run the step again');
    }
    result.storage = copy ? copy.storage : 'inline';
    (0,errors/* throwIfCancelled */.dZ)(plan.signal);
    let content = copy
        ? await copy.upload()
        : { kind: 'inline', zip: await (0,promises_.readFile)(archive.path) };
    if (!plan.skipUnchanged) {
        step.newestBefore =
            (await provider.listVersions(plan.layerId))[0]?.version ?? 0;
    }
    else if (copy) {
        // A concurrent run may have published this archive while we uploaded.
        const [theirs] = await sameSinceFloor(step);
        if (theirs) {
            log.info(`[${provider.region}] another run published this archive as version ${theirs.version} during the upload; using it`);
            return theirs;
        }
    }
    for (let round = 1;; round++) {
        try {
            return await publishVersion(step, content);
        }
        catch (error) {
            // The content-addressed object is shared: a concurrent run with
            // delete-object may remove it before this publish reads it.
            const vanished = copy !== undefined &&
                errors/* ProviderError */.mZ.isObjectMissing(error) &&
                round < plan.maxAttempts;
            if (!vanished)
                throw error;
            content = await copy.again();
        }
    }
}
/** The skip check: a version that already holds this archive, if any. */
async function unchangedVersion(step, known, result) {
    const { provider, plan, archive, settings, log } = step;
    if (!plan.skipUnchanged)
        return undefined;
    const reads = new FirstReads(provider, plan.layerId, known);
    const check = await checkUnchanged(reads, archive.sha256, settings);
    step.newestBefore = check.floor;
    const existing = check.existing ?? (await stillPublishing(step, check));
    if (existing) {
        result.status = 'unchanged';
        log.info(`[${provider.region}] version ${existing.version} already has this archive and settings; publishing nothing`);
    }
    return existing;
}
/**
 * A version of this archive still being published is waited for rather
 * than published again; if it fails or times out, we publish our own.
 */
async function stillPublishing(step, check) {
    const { provider, plan, log } = step;
    if (check.publishing === undefined || !provider.waitUntilUsable) {
        return undefined;
    }
    log.info(`[${provider.region}] version ${check.publishing} holds this archive and is still being published (another run, or one that was stopped); waiting for it`);
    try {
        return await provider.waitUntilUsable(plan.layerId, check.publishing);
    }
    catch (error) {
        log.info(`[${provider.region}] version ${check.publishing} did not become usable (${(0,errors/* errorMessage */.gJ)(error)}); publishing a new one`);
        return undefined;
    }
}
function recordVersion(result, version) {
    Object.assign(result, {
        version: version.version,
        layerArn: version.layerArn ?? '',
        layerVersionArn: version.layerVersionArn ?? '',
        codeSha256: version.codeSha256
    });
}
/** Publishes in one region. Never throws: failures come back as `failed`. */
async function publishRegion(provider, archive, plan, log, known) {
    const region = provider.region;
    const result = emptyResult(region, plan);
    const settings = { ...plan.settings, layerName: plan.layerId };
    const target = uploadTarget(archive, plan, provider);
    const copy = target && new ArchiveUpload(provider, target, archive, log, plan.signal);
    const step = {
        provider,
        plan,
        settings,
        archive,
        newestBefore: 0,
        log
    };
    try {
        let version = await unchangedVersion(step, known, result);
        if (!version && plan.dryRun) {
            result.status = 'planned';
            result.storage = copy ? copy.storage : 'inline';
            log.info(`[${region}] would publish a new version of ${plan.layerName} (${copy ? `through ${result.storage}` : 'inline'})`);
        }
        else if (!version) {
            version = await publishNew(step, copy, result);
            result.status = 'published';
            result.published = true;
            log.info(`[${region}] published ${plan.layerName} version ${version.version}${version.layerVersionArn ? ` (${version.layerVersionArn})` : ''}`);
        }
        if (version)
            recordVersion(result, version);
        (0,errors/* throwIfCancelled */.dZ)(plan.signal);
        await moveFunctions(provider, plan, result, log);
        (0,errors/* throwIfCancelled */.dZ)(plan.signal);
        await share(provider, plan, result, log);
        (0,errors/* throwIfCancelled */.dZ)(plan.signal);
        await retain(provider, plan, result, log);
    }
    catch (error) {
        result.status = 'failed';
        result.published = false;
        result.error = (0,errors/* errorMessage */.gJ)(error);
        log.debug(`[${region}] ${error?.stack ?? result.error}`);
    }
    finally {
        await copy?.cleanUp(plan.deleteObject);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/publish/fan-out.ts
/**
 * The fan-out over regions: every region is attempted, at most four at
 * once, each with its own provider; one region's failure is reported with
 * the others at the end instead of stopping them.
 */






/** Publishes to every region (bounded parallelism), creating each region's provider. */
async function publishAll(regions, makeProvider, archive, plan, log, concurrency = 4, known = []) {
    return (0,util_concurrency/* mapLimit */.s)(regions, concurrency, async (region) => {
        let provider;
        try {
            // A cancelled step starts no new region.
            (0,errors/* throwIfCancelled */.dZ)(plan.signal);
            provider = await makeProvider(region);
        }
        catch (error) {
            return { ...emptyResult(region, plan), error: (0,errors/* errorMessage */.gJ)(error) };
        }
        const reads = known.find((r) => r.region === region);
        return publishRegion(provider, archive, plan, log, reads);
    });
}
/** The log group's title: where the archive goes, and how. */
function publishTitle(regions, archive, plan) {
    const rules = providers_rules/* PROVIDER_RULES */.k[plan.provider];
    const via = needsUpload(archive.size, plan.upload, rules.maxInlineBytes)
        ? 'via object storage'
        : 'inline';
    return `Publish to ${rules.displayName} (${regions.join(', ')}), ${via}`;
}
/** The step's failure, naming each failed region; undefined when none failed. */
function failureOf(results) {
    const failed = results.filter((r) => r.status === 'failed');
    const functions = results.flatMap((r) => r.functions
        .filter((f) => f.status === 'failed')
        .map((f) => `${r.region}: function ${f.name}: ${f.error ?? 'failed'}`));
    if (failed.length === 0 && functions.length === 0)
        return undefined;
    const lines = failed.map((r) => `${r.region}: ${r.error}`);
    const parts = [];
    if (failed.length > 0) {
        parts.push(failed.length === 1 && results.length === 1
            ? lines[0]
            : `Publishing failed in ${failed.length} of ${results.length} regions:\n${lines.join('\n')}`);
    }
    if (functions.length > 0) {
        parts.push(`${functions.length === 1 ? 'One function was' : `${functions.length} functions were`} not moved to the new layer version:\n${functions.join('\n')}`);
    }
    return new Error(parts.join('\n'));
}

;// CONCATENATED MODULE: ./src/publish/providers.ts

function regionProviders(inputs, timeouts, userAgent, make, log) {
    const made = new Map();
    return (region) => {
        let p = made.get(region);
        if (!p) {
            p = make({
                provider: inputs.provider,
                region,
                maxAttempts: inputs.maxAttempts,
                waitTimeoutSeconds: inputs.waitTimeoutSeconds,
                ...timeouts,
                userAgent,
                ...defined({
                    endpointUrl: inputs.endpointUrl,
                    storageEndpointUrl: inputs.storageEndpointUrl,
                    tencentCredentials: inputs.tencentCredentials
                })
            }, log);
            made.set(region, p);
        }
        return p;
    };
}

// EXTERNAL MODULE: ./src/package/fingerprint.ts
var package_fingerprint = __webpack_require__(8080);
;// CONCATENATED MODULE: ./src/skip/before-packaging.ts
/**
 * Skip unchanged without packaging. When every region's newest version has
 * these settings and its archive's comment carries the fingerprint of these
 * very files, the archive this run would build is byte for byte that one
 * (the writer is deterministic): its SHA-256 and size are known, and the
 * usual check after packaging then finds it unchanged everywhere. Reads a
 * few hundred bytes per region; the files are hashed only if every region
 * has such a candidate.
 */





/** Lists the layer and reads its newest version, keeping every outcome. */
async function readNewest(provider, layerId) {
    const list = await settle(provider.listVersions(layerId));
    const newest = list.ok ? list.value[0] : undefined;
    if (!newest)
        return { region: provider.region, list };
    const read = await settle(provider.getVersion(layerId, newest.version));
    return {
        region: provider.region,
        list,
        newest: { version: newest.version, read }
    };
}
async function candidateOf(reads, settings, fetchTail) {
    const { newest } = reads;
    if (!newest)
        return undefined;
    const v = await getIfExists(async () => {
        if (newest.read.ok)
            return newest.read.value;
        throw newest.read.error;
    });
    if (!v?.contentUrl || !isSameVersion(v, v.sha256Hex, settings)) {
        return undefined;
    }
    const tail = await fetchTail(v.contentUrl, package_fingerprint/* FINGERPRINT_TAIL_BYTES */.ku);
    const fingerprint = tail && (0,package_fingerprint/* fingerprintOf */.ax)(tail.bytes);
    if (!tail || !fingerprint)
        return undefined;
    return { sha256: v.sha256Hex, size: tail.totalSize, fingerprint };
}
/**
 * Reads every region (at most 4 at once) and tells whether the files'
 * fingerprint matches the archive every region's newest version holds.
 * Best effort, never throws: a failed read only means "build and compare
 * as usual", and the region's own run reports it.
 */
async function checkBeforePackaging(providers, layerId, settings, filesSha256, fetchTail, log) {
    const found = await (0,util_concurrency/* mapLimit */.s)(providers, 4, async (provider) => {
        const reads = await readNewest(provider, layerId);
        const candidate = await candidateOf(reads, settings, fetchTail).catch((error) => {
            log.debug(`[${provider.region}] ${(0,errors/* errorMessage */.gJ)(error)}`);
            return undefined;
        });
        return { reads, candidate };
    });
    const reads = found.map((f) => f.reads);
    const [first, ...rest] = found.map((f) => f.candidate);
    const agree = first !== undefined &&
        rest.every((c) => c !== undefined &&
            c.fingerprint === first.fingerprint &&
            c.sha256 === first.sha256 &&
            c.size === first.size);
    if (!agree)
        return { reads };
    try {
        if (filesSha256() !== first.fingerprint)
            return { reads };
    }
    catch (error) {
        log.debug(`could not tell without packaging whether the files changed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return { reads };
    }
    return { reads, known: { sha256: first.sha256, size: first.size } };
}

;// CONCATENATED MODULE: ./src/skip/index.ts
/**
 * Skip unchanged, the phase before packaging: everything it decides comes
 * back as data (what was read per region, and the archive when it need
 * not be built); the check after packaging lives in versions.ts.
 */




/**
 * Looks for the files' archive among the newest versions before building
 * it: not when it might break a size rule, since those input errors must
 * come before any call. The bound is at least the real archive's size, and
 * every rule fails only what is too big, so passing with it is passing.
 */
async function skipBeforePackaging(entries, ctx) {
    const { plan, regions, log } = ctx;
    if (!plan.skipUnchanged)
        return { reads: [] };
    // Loaded here, not at start-up: a run that fails on its inputs never pays for it.
    const { digestFiles, listedArchive } = await Promise.all(/* import() */[__webpack_require__.e(860), __webpack_require__.e(917)]).then(__webpack_require__.bind(__webpack_require__, 8917));
    const listed = listedArchive(entries);
    if (!passesPreflight(listed, plan))
        return { reads: [] };
    let providers;
    try {
        providers = await Promise.all(regions.map(ctx.providerFor));
    }
    catch (error) {
        // The region runs report a provider that cannot be made.
        log.debug(`skip check before packaging: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return { reads: [] };
    }
    const settings = { ...plan.settings, layerName: plan.layerId };
    const { reads, known } = await checkBeforePackaging(providers, plan.layerId, settings, () => digestFiles(entries), ctx.fetchTail, log);
    if (!known)
        return { reads };
    log.info(`The newest version in ${regions.length === 1 ? regions[0] : `each of ${regions.length} regions`} was built from these very ${entries.length} files (fingerprint in its archive): not packaging them again. Archive sha256 ${known.sha256}, ${formatBytes(known.size)}`);
    return {
        reads,
        archive: { ...listed, size: known.size, sha256: known.sha256 }
    };
}

;// CONCATENATED MODULE: ./src/source.ts

async function selectSource(inputs, log) {
    const { inspectArchive, listFiles, prestartWorkers } = await Promise.all(/* import() */[__webpack_require__.e(860), __webpack_require__.e(917)]).then(__webpack_require__.bind(__webpack_require__, 8917));
    const { source } = inputs;
    if (source.kind === 'zip') {
        const archive = await inspectArchive(source.zipFile);
        log.info(`Using ${source.zipFile} as is: ${archive.entryCount} entries`);
        return { kind: 'zip', archive };
    }
    // Deflate workers start on the cores selection leaves idle.
    prestartWorkers();
    // Sizes and modes are read as the packager reaches each file (EntryTable).
    const entries = await listFiles({
        patterns: source.patterns,
        baseDirectory: source.baseDirectory,
        prefix: source.prefix,
        symlinks: source.symlinks,
        spillDir: inputs.runnerTemp
    });
    return { kind: 'files', entries };
}
/** The layer's entries and files as the checks phase reads them. */
function contentsOf(selection) {
    if (selection.kind === 'files') {
        // The entries as they are, and a readable file only for those the
        // native check reads: nothing more per entry for a tree of 70,000.
        const files = [];
        for (const e of selection.entries) {
            if (e.kind === 'file' && mayBeElf(e)) {
                files.push(diskFile(e.name, e.mode, e.sourcePath));
            }
        }
        return { entries: selection.entries, files };
    }
    const { archive } = selection;
    const files = archive.entries.filter((e) => e.kind === 'file');
    return {
        entries: archive.entries.map((e) => ({
            name: e.kind === 'directory' ? `${e.name.replace(/\/$/, '')}/` : e.name,
            size: e.size
        })),
        files: files.map((e) => ({
            name: e.name,
            mode: e.mode,
            open: async () => {
                const { entrySource, ENTRY_SOURCE_MAX_BYTES } = await Promise.all(/* import() */[__webpack_require__.e(860), __webpack_require__.e(917)]).then(__webpack_require__.bind(__webpack_require__, 8917));
                const source = entrySource(archive.path, e, ENTRY_SOURCE_MAX_BYTES);
                return { source, close: async () => { } };
            }
        }))
    };
}

;// CONCATENATED MODULE: ./src/run-context.ts
function runContext(inputs, env) {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SHA } = env;
    return {
        provider: inputs.provider,
        layerName: inputs.layerName,
        dryRun: inputs.dryRun,
        ...(GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
            ? {
                runUrl: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
            }
            : {}),
        ...(GITHUB_SHA ? { commit: GITHUB_SHA } : {})
    };
}

// EXTERNAL MODULE: ./src/providers/sha.ts
var sha = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/summary/types.ts




;// CONCATENATED MODULE: ./src/summary/outputs.ts
/** Step outputs: the machine-readable side of a run. */

/** Every output of action.yml; scalar ones come from the first region listed. */
function buildOutputs(archive, results, ctx, extras = {}) {
    const first = results[0];
    // The run's checks hold for every region: each row carries them, so a
    // later job reading one row has the whole picture.
    const rows = results.map((r) => ({
        ...r,
        ...(extras.warnings !== undefined && { warnings: extras.warnings }),
        ...(extras.size !== undefined && { size: extras.size })
    }));
    return {
        'layer-version': first?.version != null ? String(first.version) : '',
        'layer-arn': first?.layerArn ?? '',
        'layer-version-arn': first?.layerVersionArn ?? '',
        'code-sha256': first?.codeSha256 || (0,sha/* providerSha */.q)(ctx.provider, archive.sha256),
        'archive-sha256': archive.sha256,
        'code-size': String(archive.size),
        'unzipped-size': String(archive.unzippedSize),
        published: String(first?.published ?? false),
        'archive-path': archive.path,
        results: JSON.stringify(rows)
    };
}

;// CONCATENATED MODULE: ./src/summary/markdown.ts
/**
 * Small GFM builders. Everything the page shows from the outside world
 * (errors, names, warnings) goes through one of these, so a `|` or a `<`
 * in a message cannot break the table or inject markup.
 */

/** Text for a table cell: pipes escaped, one line. */
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
/** Free text in a paragraph or list item: shown as written, never as markup. */
function prose(text) {
    return cell(text)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([*_[\]`])/g, '\\$1');
}
/** Text inside an HTML element such as <summary>, where Markdown is not parsed. */
function html(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\r?\n/g, ' ');
}
/** An inline code span that survives backticks in the text. */
function code(text) {
    const runs = text.match(/`+/g) ?? [];
    const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${cell(text)}${pad}${fence}`;
}
/** `1 region`, `3 regions`. */
function count(n, one, many = `${one}s`) {
    return `${groupDigits(n)} ${n === 1 ? one : many}`;
}
/**
 * A collapsed section. The blank lines matter: without them GitHub (and
 * marked) treat the Markdown inside as raw HTML.
 */
function details(summary, body) {
    return [
        `<details><summary>${html(summary)}</summary>`,
        '',
        ...body,
        '',
        '</details>',
        ''
    ];
}

;// CONCATENATED MODULE: ./src/summary/headline.ts
/**
 * The sentence under the title and the failures right after it: what a
 * reader needs before any table.
 */

/** `version 14 to 2 regions and version 3 to 1 region`, in first-seen order. */
function versionsTo(published) {
    const byVersion = new Map();
    for (const r of published) {
        const v = r.version != null ? `version ${r.version}` : 'a new version';
        byVersion.set(v, (byVersion.get(v) ?? 0) + 1);
    }
    return [...byVersion]
        .map(([v, n]) => `${v} to ${count(n, 'region')}`)
        .join(' and ');
}
/** A region's function moves: given apart in `extras`, else in the result. */
function movesOf(r, extras) {
    return extras.functions?.[r.region] ?? r.functions ?? [];
}
function functionFailures(results, extras) {
    return results
        .flatMap((r) => movesOf(r, extras))
        .filter((f) => f.status === 'failed').length;
}
/**
 * "Published version 14 to 3 regions; 1 unchanged; 1 failed." Counts
 * regions, not calls, so it reads the same for one region or twenty.
 */
function headline(results, ctx, extras = {}) {
    const of = (s) => results.filter((r) => r.status === s);
    const published = of('published');
    const planned = of('planned');
    const parts = [];
    if (published.length > 0)
        parts.push(`Published ${versionsTo(published)}`);
    if (planned.length > 0) {
        parts.push(`Would publish a new version to ${count(planned.length, 'region')}`);
    }
    if (parts.length === 0) {
        parts.push(ctx.dryRun ? 'Would publish nothing' : 'Published nothing');
    }
    const unchanged = of('unchanged').length;
    if (unchanged > 0)
        parts.push(`${unchanged} unchanged`);
    const failed = of('failed').length;
    if (failed > 0)
        parts.push(`${failed} failed`);
    const fnFailed = functionFailures(results, extras);
    if (fnFailed > 0) {
        parts.push(`${count(fnFailed, 'function update')} failed`);
    }
    const warnings = extras.warnings?.length ?? 0;
    if (warnings > 0)
        parts.push(count(warnings, 'warning'));
    return `${parts.join('; ')}.`;
}
/** One line per failure, region failures first, each with its error. */
function failureLines(results, extras = {}) {
    const lines = results
        .filter((r) => r.status === 'failed')
        .map((r) => `- ${code(r.region)}: ${prose(r.error)}`);
    for (const r of results) {
        for (const f of movesOf(r, extras)) {
            if (f.status !== 'failed')
                continue;
            lines.push(`- ${code(r.region)}: function ${code(f.name)}: ${prose(f.error ?? 'failed')}`);
        }
    }
    return lines;
}

;// CONCATENATED MODULE: ./src/summary/regions.ts
/**
 * The per-region part of the page: a narrow table, the identifiers people
 * copy, where the archive went, and what was shared or deleted.
 *
 * Layout rule: a table column never holds a long unbreakable value. An
 * ARN of a 64-character layer name is ~116 monospace characters, nearly
 * the whole 1012 px pane on its own; in a table beside other columns it
 * wraps or scrolls. So ARNs go in a code block (one per line, never
 * wrapped) and storage keys are shortened here and given in full in a
 * collapsed section.
 */


const STATUS_LABEL = {
    published: '✅ published',
    unchanged: '⏸️ unchanged',
    planned: '📝 planned',
    failed: '❌ failed'
};
/** Tencent has no ARNs: a version is named `name:version`. */
function tencentId(r) {
    return r.version != null ? `${r.layerName}:${r.version}` : r.layerName;
}
function regionTable(results, ctx) {
    const tencent = ctx.provider === 'tencent';
    const lines = tencent
        ? ['| Region | Version | Layer | Status |', '|---|---|---|---|']
        : ['| Region | Version | Status |', '|---|---|---|'];
    for (const r of results) {
        const id = tencent ? ` ${code(tencentId(r))} |` : '';
        lines.push(`| ${r.region} | ${r.version ?? '—'} |${id} ${STATUS_LABEL[r.status]} |`);
    }
    return [...lines, ''];
}
/** AWS only: every layer version ARN on its own line, ready to copy. */
function arnBlock(results, ctx) {
    if (ctx.provider !== 'aws')
        return [];
    const arns = [
        ...new Set(results.map((r) => r.layerVersionArn).filter((a) => a !== ''))
    ];
    if (arns.length === 0)
        return [];
    const label = arns.length === 1 ? 'Layer version ARN' : 'Layer version ARNs';
    return [`${label}:`, '', '```text', ...arns, '```', ''];
}
/** `bucket/key` as publish.ts records it; bucket names never hold a `/`. */
function storedObject(storage) {
    const slash = storage.indexOf('/');
    if (slash <= 0)
        return undefined;
    return { bucket: storage.slice(0, slash), key: storage.slice(slash + 1) };
}
/** `publish-layer/shared-deps/3f5a…(64 hex).zip` → `publish-layer/…/3f5a0c9be41d….zip`. */
function shortKey(key) {
    const parts = key.split('/');
    const last = (parts.at(-1) ?? '').replace(/^([0-9a-f]{12})[0-9a-f]{20,}(\.zip)$/, '$1…$2');
    return parts.length > 2
        ? `${parts[0]}/…/${last}`
        : [...parts.slice(0, -1), last].join('/');
}
/**
 * The buckets of one key, as the `bucket` input is usually written: when
 * every bucket is its region's name in one pattern, the pattern once
 * (`my-layers-{region}`) instead of twenty names.
 */
function bucketsText(pairs) {
    const buckets = [...new Set(pairs.map((p) => p.bucket))];
    const patterns = new Set(pairs.map((p) => p.bucket.replaceAll(p.region, '{region}')));
    const [pattern] = patterns;
    if (buckets.length > 1 &&
        patterns.size === 1 &&
        pattern?.includes('{region}')) {
        return `buckets ${code(pattern)}`;
    }
    return `${buckets.length === 1 ? 'bucket' : 'buckets'} ${buckets.map(code).join(', ')}`;
}
/** One line: which buckets, the short key, and how many regions went inline. */
function storageLine(results, ctx) {
    const service = providers_rules/* PROVIDER_RULES */.k[ctx.provider].storage.name;
    const byKey = new Map();
    let inline = 0;
    for (const r of results) {
        if (r.storage === 'inline')
            inline++;
        const obj = storedObject(r.storage);
        if (!obj)
            continue;
        byKey.set(obj.key, [
            ...(byKey.get(obj.key) ?? []),
            { region: r.region, bucket: obj.bucket }
        ]);
    }
    const parts = [...byKey].map(([key, pairs]) => `${service} ${bucketsText(pairs)}, key ${code(shortKey(key))}`);
    if (inline > 0) {
        parts.push(byKey.size === 0 && inline === results.length
            ? 'inline (no bucket)'
            : `inline for ${count(inline, 'region')}`);
    }
    if (parts.length === 0)
        return [];
    const more = byKey.size > 0 ? ' (full keys under Storage below)' : '';
    return [`Storage: ${parts.join('; ')}${more}.`, ''];
}
/**
 * What each region shared, deleted and kept because a function still uses
 * it (or, in a dry run, would).
 */
function regionNotes(results, ctx) {
    const verb = ctx.dryRun ? 'would ' : '';
    const notes = results.flatMap((r) => {
        const bits = [];
        if (r.sharedWith.length > 0) {
            bits.push(`${verb}${ctx.dryRun ? 'share' : 'shared'} with ${r.sharedWith.map(prose).join(', ')}`);
        }
        if (r.deletedVersions.length > 0) {
            bits.push(`${verb}${ctx.dryRun ? 'delete' : 'deleted'} version${r.deletedVersions.length > 1 ? 's' : ''} ${r.deletedVersions.join(', ')}`);
        }
        for (const k of r.keptInUse ?? []) {
            const by = k.functions.length > 0 ? ` by ${k.functions.map(code).join(', ')}` : '';
            bits.push(`${ctx.dryRun ? 'would keep' : 'kept'} version ${k.version}, in use${by}`);
        }
        return bits.length > 0 ? [`- ${code(r.region)}: ${bits.join('; ')}`] : [];
    });
    return notes.length > 0 ? [...notes, ''] : [];
}

;// CONCATENATED MODULE: ./src/summary/sections.ts
/**
 * The collapsed sections at the foot of the page, always in this order:
 * functions moved, warnings, size breakdown, storage keys, archive. Each
 * is left out when it has nothing to say, and its <summary> line carries
 * the gist so it rarely needs opening.
 */




function layerVersion(v) {
    return v == null ? '—' : String(v);
}
/**
 * A function given as an ARN is shown by name (and qualifier): the region
 * is already on the line, and a whole ARN would wrap.
 */
function functionName(name) {
    return /^arn:[^:]+:lambda:[^:]*:\d*:function:(.+)$/.exec(name)?.[1] ?? name;
}
function tally(statuses) {
    const n = new Map();
    for (const s of statuses)
        n.set(s, (n.get(s) ?? 0) + 1);
    return [...n].map(([s, k]) => `${k} ${s}`).join(', ');
}
function functionLine(region, f) {
    const bits = [
        `${layerVersion(f.from)} → ${layerVersion(f.to)}`,
        prose(f.status)
    ];
    if (f.version != null)
        bits.push(`function version ${prose(String(f.version))}`);
    if (f.alias)
        bits.push(`alias ${code(f.alias)}`);
    if (f.error)
        bits.push(prose(f.error));
    return `- ${code(region)} ${code(functionName(f.name))}: ${bits.join(', ')}`;
}
function functionsSection(results, extras) {
    const lines = results.flatMap((r) => movesOf(r, extras).map((f) => functionLine(r.region, f)));
    if (lines.length === 0)
        return [];
    const all = results.flatMap((r) => movesOf(r, extras));
    return details(`Functions moved (${all.length}): ${tally(all.map((f) => f.status))}`, lines);
}
function warningsSection(extras) {
    const warnings = extras.warnings ?? [];
    if (warnings.length === 0)
        return [];
    return details(`Warnings (${warnings.length})`, warnings.map((w) => `- ${prose(w)}`));
}
function limitText(size) {
    if (size.limitShare === undefined)
        return '';
    const limit = size.limitBytes !== undefined
        ? `the ${formatBytes(size.limitBytes)} `
        : 'the ';
    return `${Math.round(size.limitShare * 100)}% of ${limit}unzipped limit`;
}
function sizeBody(size) {
    const body = [];
    const limit = limitText(size);
    if (limit)
        body.push(`The layer alone uses ${limit}.`, '');
    if (size.largest.length > 0) {
        body.push('Largest packages (unzipped):', '');
        for (const p of size.largest) {
            body.push(`- ${formatBytes(p.bytes)} ${code(p.path)}`);
        }
        body.push('');
    }
    const dupes = size.duplicateCount ?? size.duplicates.length;
    if (size.duplicates.length > 0) {
        body.push(dupes > size.duplicates.length
            ? `Packages present more than once (the costliest ${size.duplicates.length} of ${dupes}):`
            : 'Packages present more than once:', '');
        for (const d of size.duplicates) {
            body.push(`- ${code(d.name)}: ${count(d.paths.length, 'copy', 'copies')}, ${formatBytes(d.bytes)} extra: ${d.paths.map(code).join(', ')}`);
        }
        body.push('');
    }
    return body;
}
function sizeSection(extras) {
    const size = extras.size;
    if (!size)
        return [];
    const body = sizeBody(size);
    if (body.length === 0)
        return [];
    const dupes = size.duplicateCount ?? size.duplicates.length;
    const gist = [
        limitText(size),
        dupes > 0 ? count(dupes, 'duplicated package') : ''
    ].filter((s) => s !== '');
    return details(gist.length > 0 ? `Size: ${gist.join(', ')}` : 'Size', body.slice(0, -1));
}
/** The full object keys, which the visible line only abbreviates. */
function storageSection(results) {
    const lines = results.flatMap((r) => storedObject(r.storage) ? [`- ${code(r.region)}: ${code(r.storage)}`] : []);
    return lines.length > 0 ? details('Storage', lines) : [];
}
function archiveSection(archive, ctx) {
    const bytes = (n) => `${formatBytes(n)} (${groupDigits(n)} bytes)`;
    const rows = [
        '| Fact | Value |',
        '|---|---|',
        `| SHA-256 | ${code(archive.sha256)} |`,
        `| Code SHA-256 (${providers_rules/* PROVIDER_RULES */.k[ctx.provider].shaEncoding}) | ${code((0,sha/* providerSha */.q)(ctx.provider, archive.sha256))} |`,
        `| Size | ${bytes(archive.size)} |`,
        `| Unzipped | ${bytes(archive.unzippedSize)} |`,
        `| Entries | ${groupDigits(archive.entryCount)} |`
    ];
    if (archive.path === '') {
        rows.push('| Built | no: the newest version was built from these very files (its archive carries their fingerprint) |');
    }
    return details(`Archive: ${formatBytes(archive.size)} zipped, ${formatBytes(archive.unzippedSize)} unzipped, ${count(archive.entryCount, 'entry', 'entries')}`, rows);
}

;// CONCATENATED MODULE: ./src/summary/page.ts
/** The job summary: one page, read top to bottom in a few seconds. */





function footer(ctx) {
    if (!ctx.runUrl && !ctx.commit)
        return [];
    const bits = [];
    if (ctx.commit)
        bits.push(`commit ${code(ctx.commit.slice(0, 12))}`);
    if (ctx.runUrl)
        bits.push(`[workflow run](${ctx.runUrl})`);
    return [`<sub>From ${bits.join(', ')}.</sub>`, ''];
}
/**
 * Title, headline, failures; then the regions; then collapsed detail.
 * `extras` carries facts other steps may add (functions moved, warnings,
 * size breakdown); each shows only when given.
 */
function buildSummary(archive, results, ctx, extras = {}) {
    const provider = providers_rules/* PROVIDER_RULES */.k[ctx.provider].displayName;
    const failures = failureLines(results, extras);
    return [
        `### publish-layer: ${code(ctx.layerName)} on ${provider}`,
        '',
        `**${prose(headline(results, ctx, extras))}**`,
        '',
        ...(ctx.dryRun
            ? ['> Dry run: nothing was written. This is the plan.', '']
            : []),
        ...(failures.length > 0 ? [...failures, ''] : []),
        ...regionTable(results, ctx),
        ...arnBlock(results, ctx),
        ...storageLine(results, ctx),
        ...regionNotes(results, ctx),
        ...functionsSection(results, extras),
        ...warningsSection(extras),
        ...sizeSection(extras),
        ...storageSection(results),
        ...archiveSection(archive, ctx),
        ...footer(ctx)
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/summary/index.ts
/**
 * Turns results into step outputs and the job summary. Pure: main.ts does
 * the writing.
 */





;// CONCATENATED MODULE: ./src/main.ts
/**
 * The phases of a run, in order: inputs → source → skip check → package →
 * checks → publish per region → outputs and summary. Each phase is a call
 * into its module; this is the one place that talks to @actions/core for
 * outputs and failure.
 */
















const USER_AGENT = 'publish-layer/0.1.0';
const log = {
    info: (m) => core/* info */.pq(m),
    warning: (m) => core/* warning */.$e(m),
    debug: (m) => core/* debug */.Yz(m)
};
async function packagePhase(inputs, skip) {
    const selection = await selectSource(inputs, log);
    if (selection.kind === 'zip') {
        log.info(archiveSummaryLine(selection.archive));
        const contents = contentsOf(selection);
        return { archive: selection.archive, contents, reads: [] };
    }
    const early = await skipBeforePackaging(selection.entries, skip);
    if (early.archive) {
        const contents = contentsOf(selection);
        return { archive: early.archive, contents, reads: early.reads };
    }
    const built = await buildArchive(inputs, selection.entries, log);
    log.info(archiveSummaryLine(built));
    // After packaging, which reads the files' sizes as it goes.
    return { archive: built, contents: contentsOf(selection), reads: early.reads };
}
/** Step outputs and the job summary. */
async function report(archive, results, ctx, checks, env) {
    const extras = { warnings: checks.warnings, size: checks.size };
    for (const [name, value] of Object.entries(buildOutputs(archive, results, ctx, extras))) {
        core/* setOutput */.uH(name, value);
    }
    if (env.GITHUB_STEP_SUMMARY) {
        const page = buildSummary(archive, results, ctx, extras);
        await core/* summary */.z.addRaw(page).write();
    }
}
/** The runner's cancellation, with a forced exit if the run lingers. */
function processCancellation() {
    return watchCancellation((error) => {
        core/* setFailed */.C1(error.message);
        process.exit(1);
    });
}
async function run(deps = {}) {
    const env = deps.env ?? process.env;
    const read = deps.read ?? envInputReader(env);
    const cancellation = deps.signal ? undefined : processCancellation();
    const signal = deps.signal ?? cancellation.signal;
    try {
        // Mask first, so that no later failure can echo a secret.
        for (const secret of secretValues(read, env))
            core/* setSecret */.Pq(secret);
        const inputs = readInputs(read, { env });
        const plan = { ...planFrom(inputs), signal };
        const timeouts = readTimeouts(env);
        const providerFor = regionProviders(inputs, timeouts, USER_AGENT, deps.createProvider ?? createProvider, log);
        const fetchTail = deps.fetchTail ?? httpTailFetcher(timeouts.requestTimeoutMs);
        const { archive, contents, reads } = await core/* group */.Os('Package', () => packagePhase(inputs, {
            plan,
            regions: inputs.regions,
            providerFor,
            fetchTail,
            log
        }));
        const checks = await prePublishChecks(archive, plan, contents, inputs);
        for (const w of checks.warnings)
            core/* warning */.$e(w);
        (0,errors/* throwIfCancelled */.dZ)(signal);
        const results = await core/* group */.Os(publishTitle(inputs.regions, archive, plan), () => publishAll(inputs.regions, providerFor, archive, plan, log, 4, reads));
        await report(archive, results, runContext(inputs, env), checks, env);
        (0,errors/* throwIfCancelled */.dZ)(signal);
        const failure = failureOf(results);
        if (failure)
            throw failure;
    }
    catch (error) {
        core/* setFailed */.C1((0,errors/* errorMessage */.gJ)(error));
        if (error instanceof Error && !(error instanceof errors/* InputError */.dz)) {
            core/* debug */.Yz(error.stack ?? '');
        }
    }
    finally {
        cancellation?.dispose();
    }
}


/***/ }),

/***/ 9646:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $C: () => (/* binding */ toName),
/* harmony export */   FK: () => (/* binding */ isInside),
/* harmony export */   Gz: () => (/* binding */ below),
/* harmony export */   cm: () => (/* binding */ childPath),
/* harmony export */   xO: () => (/* binding */ escapeBytes),
/* harmony export */   zk: () => (/* binding */ notUtf8Names)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/** `p` as an archive-style name relative to `base` (`/`-separated). */
function toName(base, p) {
    const rel = below(base, p) ?? node_path__WEBPACK_IMPORTED_MODULE_1__.relative(base, p);
    return node_path__WEBPACK_IMPORTED_MODULE_1__.sep === '/' ? rel : rel.split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
}
/**
 * `p` relative to `dir` when `p` is a normalised path below it, by string
 * prefix: selection calls this for every file, and path.relative resolves
 * both paths each time.
 */
function below(dir, p) {
    if (node_path__WEBPACK_IMPORTED_MODULE_1__.sep !== '/')
        return undefined;
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    if (!p.startsWith(prefix) || p.length === prefix.length)
        return undefined;
    const rel = p.slice(prefix.length);
    // Only a normalised remainder: no empty, `.` or `..` segment.
    return rel.includes('//') || /(^|\/)\.\.?(\/|$)/.test(rel) ? undefined : rel;
}
/**
 * `name` in the folder `dir` (a normalised path, `/` included): joined as
 * path.join would, without normalising again a path that already is.
 */
function childPath(dir, name) {
    return `${dir}${dir.endsWith('/') ? '' : '/'}${name}`;
}
/** Whether `p` is `dir` itself (when allowed) or below it. */
function isInside(dir, p, allowSame) {
    if (below(dir, p) !== undefined)
        return true;
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(dir, p);
    if (rel === '')
        return allowSame;
    return (rel !== '..' && !rel.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_1__.sep}`) && !node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(rel));
}
/** The folder's names that are not UTF-8, by the string readdir gives. */
function notUtf8Names(dir) {
    const names = new Map();
    for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { encoding: 'buffer' })) {
        const text = name.toString('utf8');
        if (!Buffer.from(text, 'utf8').equals(name))
            names.set(text, name);
    }
    return names;
}
/** UTF-8 as text, every other byte as `\xHH`. */
function escapeBytes(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length;) {
        const lead = bytes[i] ?? 0;
        const size = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
        const seq = bytes.subarray(i, i + size);
        const text = seq.toString('utf8');
        if (seq.length === size && Buffer.from(text, 'utf8').equals(seq)) {
            out += text;
            i += size;
        }
        else {
            out += `\\x${lead.toString(16).padStart(2, '0')}`;
            i++;
        }
    }
    return out;
}


/***/ }),

/***/ 4614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  F: () => (/* binding */ EntryTable)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/package/base-paths.ts
var base_paths = __webpack_require__(9646);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/util/fd-io.ts
var fd_io = __webpack_require__(7313);
;// CONCATENATED MODULE: ./src/package/spill-blocks.ts
/*
 * Blocks of bytes of one size, numbered as they are added, of which only the
 * few used last stay in memory; the others wait in a file and are read back
 * when asked for. The entry table (entry-table.ts, entry-names.ts) keeps its
 * columns and names in them, so what it holds in memory is a few blocks
 * whatever the number of files: at 70,000 files it held ~2.3 MiB, the one
 * part of a run's memory that grew with the tree (bench/README.md, "Ninth
 * pass"). Its readers go through it in order (the walk adds, the writer and
 * the checks read in archive order), so each block is written once and read
 * back about once.
 */





// A table that is never closed (its archive's names are read to the end of
// the run) lets go of its file when it is collected.
const files = new FinalizationRegistry(closeFile);
class SpillBlocks {
    blockBytes;
    resident;
    view;
    dir;
    slots = [];
    /** Per block: its slot, or -1 while it is only in the file. */
    slotOf = [];
    clock = 0;
    file;
    /**
     * `view` makes what callers use of a block's memory (made once per slot:
     * a slot's memory is reused for the block read into it). `resident`
     * blocks at most stay in memory: a block asked for stays usable until
     * `resident` others have been asked for since.
     */
    constructor(blockBytes, resident, view, dir = (0,external_node_os_.tmpdir)()) {
        this.blockBytes = blockBytes;
        this.resident = resident;
        this.view = view;
        this.dir = dir;
    }
    get count() {
        return this.slotOf.length;
    }
    /** Bytes in memory. */
    get bytes() {
        return this.slots.length * this.blockBytes;
    }
    /** A new block, the last; its view (its bytes are not cleared). */
    add() {
        const block = this.slotOf.length;
        this.slotOf.push(-1);
        return this.place(block, false).view;
    }
    /** Block `block`'s view, read back if it was spilled; `write`: it will be changed. */
    get(block, write = false) {
        const at = this.slotOf[block];
        if (at === undefined)
            throw new RangeError(`no block ${block}`);
        const slot = at >= 0 ? this.slots[at] : this.place(block, true);
        slot.used = ++this.clock;
        if (write)
            slot.dirty = true;
        return slot.view;
    }
    /** Every block in memory from now on: for access in no order (a sort). */
    keepAll() {
        this.resident = Infinity;
    }
    /** Removes the file; the blocks in memory stay usable. */
    close() {
        if (this.file === undefined)
            return;
        files.unregister(this);
        closeFile(this.file);
        this.file = undefined;
    }
    place(block, read) {
        let at = this.slots.length;
        if (at < this.resident) {
            const memory = new ArrayBuffer(this.blockBytes);
            const bytes = new Uint8Array(memory);
            this.slots.push({
                bytes,
                view: this.view(memory),
                block,
                dirty: true,
                used: 0
            });
        }
        else {
            at = this.oldest();
            const old = this.slots[at];
            if (old.dirty && !this.saved(old)) {
                // No file to spill to (no room, no such folder): the blocks stay in
                // memory, as they all did before there were files.
                this.resident = Infinity;
                return this.place(block, read);
            }
            this.slotOf[old.block] = -1;
            old.block = block;
        }
        const slot = this.slots[at];
        slot.dirty = !read;
        if (read)
            this.read(slot);
        slot.used = ++this.clock;
        this.slotOf[block] = at;
        return slot;
    }
    /** The slot used longest ago. */
    oldest() {
        let best = 0;
        for (let s = 1; s < this.slots.length; s++) {
            if (this.slots[s].used < this.slots[best].used)
                best = s;
        }
        return best;
    }
    saved(slot) {
        try {
            this.write(slot);
            return true;
        }
        catch {
            return false;
        }
    }
    write(slot) {
        (0,fd_io/* writeFully */.K)(this.open().fd, slot.bytes, slot.block * this.blockBytes);
    }
    read(slot) {
        const at = slot.block * this.blockBytes;
        if ((0,fd_io/* readFully */.l)(this.open().fd, slot.bytes, at) < slot.bytes.length) {
            throw new Error(`entry table: block ${slot.block} was never written`);
        }
    }
    open() {
        if (this.file)
            return this.file;
        const path = (0,external_node_path_.join)(this.dir, `publish-layer-table-${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
        const fd = (0,external_node_fs_.openSync)(path, 'wx+', 0o600);
        const file = { fd, path };
        // Unlinked while open (POSIX), it leaves nothing behind however the
        // process ends; where that is refused, it is removed on close.
        try {
            (0,external_node_fs_.unlinkSync)(path);
            file.path = undefined;
        }
        catch {
            // Windows: removed by close(), or with the runner's temporary folder.
        }
        files.register(this, file, this);
        return (this.file = file);
    }
}
function closeFile(file) {
    try {
        (0,external_node_fs_.closeSync)(file.fd);
        if (file.path !== undefined)
            (0,external_node_fs_.unlinkSync)(file.path);
    }
    catch {
        // Already gone: nothing to let go of.
    }
}

;// CONCATENATED MODULE: ./src/package/entry-names.ts
/*
 * The entry table's names and folders: each folder's real path and its
 * files' names' start once (`pkg-12/lib/`), and for each entry only its own
 * last segment (`file-1234.js`), as UTF-8 in large blocks. A name is the
 * two read together. In a node_modules-like tree the last segment is under
 * half of a name's bytes, so 70,000 files hold ~1 MiB of names instead of
 * ~2 MiB (bench/README.md, "Seventh pass"). A folder is four numbers in
 * blocks of its own, its texts with the segments: as strings, 3,125 folders
 * held ~0.4 MiB of heap at 70,000 files, the table's last part that grew
 * with the tree ("Tenth pass").
 */


const MAX_NAME_BYTES = 0xffff;
// Bytes per block of segments: one holds the longest name a zip can (64 KiB).
const SEGMENTS_SHIFT = 16;
const SEGMENTS_BYTES = 1 << SEGMENTS_SHIFT;
// In memory at once: `compare` reads two names' starts and segments.
const RESIDENT = 4;
// A folder: its start's bytes (where, how many), its real path's (the same).
const FOLDER_FIELDS = 4;
const FOLDERS_SHIFT = 11;
const FOLDERS = 1 << FOLDERS_SHIFT;
// Folders decoded to strings and kept: the reader and the writer, a little
// behind it, each go through folders in archive order.
const DECODED = 4;
class EntryNames {
    blocks;
    folders;
    folderCount = 0;
    used = 0;
    /** The folder given last, for `folder` to give again. */
    last = { folder: -1, start: '', real: '' };
    decoded = [];
    nextDecoded = 0;
    /** Bytes of the segment `write` stored last. */
    written = 0;
    /** `spillDir`: where blocks not in use wait (spill-blocks.ts). */
    constructor(spillDir) {
        this.blocks = new SpillBlocks(SEGMENTS_BYTES, RESIDENT, (m) => Buffer.from(m), spillDir);
        this.folders = new SpillBlocks(FOLDERS * FOLDER_FIELDS * 4, RESIDENT, (m) => new Uint32Array(m), spillDir);
    }
    /**
     * A number for the folder whose real path is `real` and whose files'
     * names begin with `start` ('' or ending in '/'). Callers keep it for the
     * folder's files (select-entries.ts keeps one per folder it lists); asked
     * again for the folder it gave last, it gives the same. No map of every
     * folder: at 70,000 files one held ~2,800 maps' worth of heap past the
     * walk (bench/README.md, "Seventh pass").
     */
    folder(real, start) {
        const last = this.last;
        if (last.folder >= 0 && last.real === real && last.start === start) {
            return last.folder;
        }
        const startAt = this.store(start);
        const startBytes = this.written;
        const realAt = this.store(real);
        const realBytes = this.written;
        const folder = this.folderCount++;
        if ((folder & (FOLDERS - 1)) === 0)
            this.folders.add();
        const f = this.folders.get(folder >>> FOLDERS_SHIFT, true);
        const o = (folder & (FOLDERS - 1)) * FOLDER_FIELDS;
        f[o] = startAt;
        f[o + 1] = startBytes;
        f[o + 2] = realAt;
        f[o + 3] = realBytes;
        this.last = { folder, start, real };
        return folder;
    }
    real(folder) {
        return this.decode(folder).real;
    }
    /**
     * Stores `own`, the last segment of a name that begins with `start`;
     * returns where its bytes are (block << SEGMENTS_SHIFT | offset) and sets
     * `written` to their length.
     */
    write(start, own) {
        const startBytes = this.field(start, 1);
        const at = this.store(own);
        if (startBytes + this.written > MAX_NAME_BYTES) {
            throw tooLong(this.decode(start).start + own);
        }
        return at;
    }
    store(text) {
        // At most 3 bytes per UTF-16 unit: counted only when that may not fit.
        const room = SEGMENTS_BYTES - this.used;
        const bytes = room < text.length * 3 ? Buffer.byteLength(text) : 0;
        if (this.blocks.count === 0 || room < bytes) {
            // A block holds the longest name a zip can: what does not fit an
            // empty one is longer.
            if (bytes > MAX_NAME_BYTES)
                throw tooLong(text);
            this.blocks.add();
            this.used = 0;
        }
        const last = this.blocks.count - 1;
        const buf = this.blocks.get(last, true);
        const length = buf.write(text, this.used, 'utf8');
        const at = (last << SEGMENTS_SHIFT) + this.used;
        this.used += length;
        this.written = length;
        return at;
    }
    /** The segment stored at `at`, `length` bytes. */
    own(at, length) {
        const buf = this.blocks.get(at >>> SEGMENTS_SHIFT);
        const from = at & (SEGMENTS_BYTES - 1);
        return buf.toString('utf8', from, from + length);
    }
    /** The whole name: its start and its segment. */
    text(start, at, length) {
        return this.decode(start).start + this.own(at, length);
    }
    /** Field `k` of folder `folder` (FOLDER_FIELDS). */
    field(folder, k) {
        const f = this.folders.get(folder >>> FOLDERS_SHIFT);
        return f[(folder & (FOLDERS - 1)) * FOLDER_FIELDS + k];
    }
    /** Folder `folder`'s start and real path as strings, from a few kept. */
    decode(folder) {
        if (this.last.folder === folder)
            return this.last;
        for (const d of this.decoded)
            if (d.folder === folder)
                return d;
        const d = {
            folder,
            start: this.own(this.field(folder, 0), this.field(folder, 1)),
            real: this.own(this.field(folder, 2), this.field(folder, 3))
        };
        this.decoded[this.nextDecoded] = d;
        this.nextDecoded = (this.nextDecoded + 1) % DECODED;
        return d;
    }
    /**
     * Two names as their UTF-8 bytes compare (which is code point order),
     * each given as its start and segment.
     */
    compare(sa, aa, la, sb, ab, lb) {
        const ba = this.blocks.get(aa >>> SEGMENTS_SHIFT);
        const bb = this.blocks.get(ab >>> SEGMENTS_SHIFT);
        const pa = aa & (SEGMENTS_BYTES - 1);
        const pb = ab & (SEGMENTS_BYTES - 1);
        if (sa === sb)
            return compareBytes(ba, pa, la, bb, pb, lb);
        // Different starts: compare as if each name's bytes were one run. Most
        // differ within their starts, so that part has its own loop. (The
        // folders' own blocks are apart from these: reading them keeps ba, bb.)
        const xa = this.field(sa, 0);
        const ka = this.field(sa, 1);
        const xb = this.field(sb, 0);
        const kb = this.field(sb, 1);
        const sba = this.blocks.get(xa >>> SEGMENTS_SHIFT);
        const sbb = this.blocks.get(xb >>> SEGMENTS_SHIFT);
        const qa = xa & (SEGMENTS_BYTES - 1);
        const qb = xb & (SEGMENTS_BYTES - 1);
        const m = ka < kb ? ka : kb;
        for (let k = 0; k < m; k++) {
            const d = sba[qa + k] - sbb[qb + k];
            if (d !== 0)
                return d;
        }
        const na = ka + la;
        const nb = kb + lb;
        const n = na < nb ? na : nb;
        for (let k = m; k < n; k++) {
            const ca = k < ka ? sba[qa + k] : ba[pa + k - ka];
            const cb = k < kb ? sbb[qb + k] : bb[pb + k - kb];
            if (ca !== cb)
                return ca - cb;
        }
        return na - nb;
    }
    /** Bytes in memory: the blocks there (segments, starts, real paths and folders). */
    get bytes() {
        return this.blocks.bytes + this.folders.bytes;
    }
    /** Every block in memory from now on (a sort reads names in no order). */
    keepAll() {
        this.blocks.keepAll();
        this.folders.keepAll();
    }
    /** Removes the files of blocks not in memory. */
    close() {
        this.blocks.close();
        this.folders.close();
    }
}
function compareBytes(a, pa, la, b, pb, lb) {
    const n = la < lb ? la : lb;
    for (let k = 0; k < n; k++) {
        const d = a[pa + k] - b[pb + k];
        if (d !== 0)
            return d;
    }
    return la - lb;
}
function tooLong(name) {
    return new errors/* PackagingError */.yr(`entry name too long: ${name.slice(0, 80)}…`);
}

;// CONCATENATED MODULE: ./src/package/table-columns.ts
/*
 * The entry table's columns (entry-table.ts), a block of rows at a time:
 * one 32 KiB buffer per block, so that a block goes to its file and comes
 * back as one piece (spill-blocks.ts).
 */
/** Rows per block: blocks, not arrays grown by doubling, so no column holds twice what it needs. */
const BLOCK_SHIFT = 11;
const BLOCK = 1 << BLOCK_SHIFT;
/** Bytes of a block: 4 + 4 + 4 + 2 + 2 a row. */
const BLOCK_BYTES = 16 * BLOCK;
/** A size column's value for "not read yet, or in `big`". */
const UNKNOWN = 0xffffffff;
/** The columns over a block's memory. */
function columns(memory) {
    return {
        own: new Uint32Array(memory, 0, BLOCK),
        folder: new Uint32Array(memory, 4 * BLOCK, BLOCK),
        size: new Uint32Array(memory, 8 * BLOCK, BLOCK),
        ownBytes: new Uint16Array(memory, 12 * BLOCK, BLOCK),
        mode: new Uint16Array(memory, 14 * BLOCK, BLOCK)
    };
}

;// CONCATENATED MODULE: ./src/package/table-file.ts
/** A listed file of a table, as an entry: what it needs is read when asked. */
class TableFile {
    table;
    i;
    known;
    constructor(table, i) {
        this.table = table;
        this.i = i;
    }
    get kind() {
        return 'file';
    }
    get name() {
        return (this.known ??= this.table.nameOf(this.i));
    }
    get sourcePath() {
        return this.table.pathOf(this.i);
    }
    get size() {
        return this.table.sizeOf(this.i, this.name);
    }
    get mode() {
        return this.table.modeOf(this.i, this.name);
    }
}

// EXTERNAL MODULE: ./src/package/select-entries.ts
var select_entries = __webpack_require__(9167);
;// CONCATENATED MODULE: ./src/package/entry-table.ts
/*
 * The selected entries as columns of typed arrays (table-columns.ts) and
 * their names as UTF-8 bytes (entry-names.ts), not as one object and one
 * string per file: about 35 bytes an entry outside the JavaScript heap
 * instead of about 170 on it (bench/README.md, "Seventh pass"). Both are
 * kept in blocks of which only the last few used stay in memory, the rest
 * in a file (spill-blocks.ts), so the table's memory does not grow with the
 * tree ("Ninth pass"). Entries are objects only when asked for.
 */








// Blocks of columns in memory: `compare` reads two rows' blocks, and the
// writer reads a little behind the read-ahead.
const entry_table_RESIDENT = 4;
/**
 * Entries added in any order, then `finish`ed into archive order (their
 * names' UTF-8 bytes, which is code point order). Two kinds:
 * - a listed file (`addFile`): a regular file named by its folder's real
 *   path and its name's last segment, whose size and mode are read (one
 *   lstat) when first asked for, so the packager's reads overlap them;
 * - any other entry (`add`), kept as the object given: links, and the
 *   entries of callers that already have objects.
 */
class EntryTable {
    blocks;
    names;
    whole = new Map();
    /** Sizes of 4 GiB and more, by row. */
    big = new Map();
    added = 0;
    /** Rows in archive order; null when that is the order they were added in. */
    order;
    /** `spillDir`: where blocks not in use wait (spill-blocks.ts). */
    constructor(spillDir) {
        this.blocks = new SpillBlocks(BLOCK_BYTES, entry_table_RESIDENT, columns, spillDir);
        this.names = new EntryNames(spillDir);
    }
    /** A table of `entries`, in archive order; two entries of one name are refused. */
    static of(entries) {
        if (entries instanceof EntryTable)
            return entries;
        const table = new EntryTable();
        for (const e of entries)
            table.add(e);
        return table.finish('refuse');
    }
    /**
     * A number for the folder whose real path is `real` and whose files'
     * names begin with `start` ('' or ending in '/'), for `addFile`.
     */
    folder(real, start) {
        return this.names.folder(real, start);
    }
    /** A regular file of `folder` named `own` there (its last segment). */
    addFile(folder, own) {
        this.push(folder, own, -1, 0);
    }
    /** A regular file named `name` in the folder whose real path is `real`. */
    addNamedFile(real, name) {
        this.pushNamed(real, name, -1, 0);
    }
    /** Any entry, kept as it is. */
    add(e) {
        if (e.kind === 'symlink' && e.linkTarget === undefined) {
            throw new errors/* PackagingError */.yr(`link ${e.name} has no target`);
        }
        this.whole.set(this.pushNamed('', e.name, e.size, e.mode), e);
    }
    /**
     * Puts the entries in archive order. Two entries of one name are one file
     * reached by overlapping search paths (`drop`: the first found stays), or
     * a caller's mistake (`refuse`).
     */
    finish(repeats) {
        // Found in archive order (glob-walk.ts), no name twice: no sort.
        this.order = this.ascending() ? null : this.sortOut(repeats);
        return this;
    }
    sortOut(repeats) {
        // Rare (search paths that overlap, callers' own entries), and a sort
        // reads rows in no order: all of them in memory from here.
        this.blocks.keepAll();
        this.names.keepAll();
        const all = new Uint32Array(this.added);
        for (let i = 0; i < all.length; i++)
            all[i] = i;
        // The index breaks ties: the first found of two equal names stays first.
        all.sort((a, b) => this.compare(a, b) || a - b);
        let n = 0;
        for (let k = 0; k < all.length; k++) {
            const i = all[k];
            if (n > 0 && this.compare(all[n - 1], i) === 0) {
                if (repeats === 'refuse') {
                    throw new errors/* PackagingError */.yr(`two entries are named ${this.nameOf(i)}`);
                }
                this.whole.delete(i);
                continue;
            }
            all[n++] = i;
        }
        return n === all.length ? all : all.slice(0, n);
    }
    ascending() {
        for (let i = 1; i < this.added; i++) {
            if (this.compare(i - 1, i) >= 0)
                return false;
        }
        return true;
    }
    get length() {
        const order = this.sorted();
        return order ? order.length : this.added;
    }
    /** The entry at `k` in archive order, made now. */
    at(k) {
        if (k < 0 || k >= this.length)
            return undefined;
        const i = this.row(k);
        return this.whole.get(i) ?? new TableFile(this, i);
    }
    *[Symbol.iterator]() {
        for (let k = 0; k < this.length; k++)
            yield this.at(k);
    }
    /** The names in archive order, each made when reached. */
    nameList() {
        return { [Symbol.iterator]: () => this.eachName() };
    }
    *eachName() {
        const n = this.length;
        for (let k = 0; k < n; k++)
            yield this.nameOf(this.row(k));
    }
    /** Bytes the table holds in memory: columns, names and folders there. */
    get bytes() {
        return this.blocks.bytes + this.names.bytes + (this.order?.byteLength ?? 0);
    }
    /**
     * Removes the file of blocks not in memory; the table is not used after.
     * One not closed lets go of its file when collected (spill-blocks.ts).
     */
    close() {
        this.blocks.close();
        this.names.close();
    }
    nameOf(i) {
        const c = this.block(i);
        const j = i & (BLOCK - 1);
        return this.names.text(c.folder[j], c.own[j], c.ownBytes[j]);
    }
    pathOf(i) {
        const c = this.block(i);
        const j = i & (BLOCK - 1);
        return (0,base_paths/* childPath */.cm)(this.names.real(c.folder[j]), this.names.own(c.own[j], c.ownBytes[j]));
    }
    sizeOf(i, name) {
        this.stat(i, name);
        const size = this.block(i).size[i & (BLOCK - 1)];
        return size === UNKNOWN ? this.big.get(i) : size;
    }
    modeOf(i, name) {
        this.stat(i, name);
        return this.block(i).mode[i & (BLOCK - 1)];
    }
    /** A listed file's size and mode, from one lstat the first time. */
    stat(i, name) {
        const j = i & (BLOCK - 1);
        if (this.block(i).size[j] === UNKNOWN && !this.big.has(i)) {
            const path = this.pathOf(i);
            let st;
            try {
                st = (0,external_node_fs_.lstatSync)(path);
            }
            catch (err) {
                throw new errors/* PackagingError */.yr(`cannot read ${name} (${path}): ${(0,errors/* errorMessage */.gJ)(err)}`, { cause: err });
            }
            const e = (0,select_entries/* fileEntry */.nV)(name, path, st);
            this.setSize(i, e.size);
            this.block(i, true).mode[j] = e.mode;
        }
    }
    /** `size`, or -1 for not read yet. */
    setSize(i, size) {
        if (size >= UNKNOWN)
            this.big.set(i, size);
        this.block(i, true).size[i & (BLOCK - 1)] =
            size < 0 ? UNKNOWN : Math.min(size, UNKNOWN);
    }
    sorted() {
        if (this.order === undefined) {
            throw new Error('EntryTable used before finish()');
        }
        return this.order;
    }
    row(k) {
        return this.order ? this.order[k] : k;
    }
    /** Row `i`'s block; `write`: it will be changed. */
    block(i, write = false) {
        return this.blocks.get(i >>> BLOCK_SHIFT, write);
    }
    /** A row for a whole name: its folder's start is the name up to its last '/'. */
    pushNamed(real, name, size, mode) {
        const cut = name.lastIndexOf('/') + 1;
        const folder = this.folder(real, name.slice(0, cut));
        return this.push(folder, name.slice(cut), size, mode);
    }
    push(folder, own, size, mode) {
        if (this.order !== undefined) {
            throw new Error('EntryTable added to after finish()');
        }
        const at = this.names.write(folder, own);
        const i = this.added++;
        if ((i & (BLOCK - 1)) === 0)
            this.blocks.add();
        const c = this.block(i, true);
        const j = i & (BLOCK - 1);
        c.own[j] = at;
        c.ownBytes[j] = this.names.written;
        c.folder[j] = folder;
        c.mode[j] = mode;
        this.setSize(i, size);
        return i;
    }
    /** Two entries' names as their UTF-8 bytes compare. */
    compare(a, b) {
        const ca = this.block(a);
        const cb = this.block(b);
        const ja = a & (BLOCK - 1);
        const jb = b & (BLOCK - 1);
        return this.names.compare(ca.folder[ja], ca.own[ja], ca.ownBytes[ja], cb.folder[jb], cb.own[jb], cb.ownBytes[jb]);
    }
}


/***/ }),

/***/ 8080:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eh: () => (/* binding */ digestFiles),
/* harmony export */   Ko: () => (/* binding */ FilesDigest),
/* harmony export */   ax: () => (/* binding */ fingerprintOf),
/* harmony export */   i7: () => (/* binding */ findEndRecord),
/* harmony export */   k$: () => (/* binding */ fingerprintComment),
/* harmony export */   ku: () => (/* binding */ FINGERPRINT_TAIL_BYTES),
/* harmony export */   lI: () => (/* binding */ fingerprintInComment)
/* harmony export */ });
/* unused harmony export ZIP_FORMAT */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _source_files_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7217);
/* harmony import */ var _entry_table_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4614);



/*
 * The files' fingerprint, stored in the archive's comment, lets a re-run
 * learn that the newest layer version already holds these exact files by
 * reading a few hundred bytes of it, instead of building the archive again
 * to compare SHA-256s. The archive is a pure function of the entries (names,
 * modes, bytes), the compression level and the writer's format; the format
 * version below changes whenever the writer's bytes would, so equal
 * fingerprints mean equal archives.
 */
const ZIP_FORMAT = 1;
const COMMENT = /^publish-layer\/(\d+) files-sha256=([0-9a-f]{64})$/;
/** The archive comment that carries a fingerprint. */
function fingerprintComment(filesSha256) {
    return `publish-layer/${ZIP_FORMAT} files-sha256=${filesSha256}`;
}
/**
 * SHA-256 over the entries as the writer stores them, in archive order:
 * a header naming the format and level, then per entry its name, mode,
 * size and bytes (a link's bytes are its text). Names hold no NUL and the
 * size fixes where each entry's bytes end, so the stream is unambiguous.
 */
class FilesDigest {
    hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    constructor(level) {
        this.hash.update(`publish-layer/${ZIP_FORMAT} level=${level}\n`);
    }
    entry(e) {
        const type = e.kind === 'symlink' ? 0o120000 : 0o100000;
        this.hash.update(`${e.name}\0${(type | e.mode).toString(8)}\0${e.size}\0`);
    }
    data(bytes) {
        this.hash.update(bytes);
    }
    hex() {
        return this.hash.digest('hex');
    }
}
const READ_BYTES = 1024 * 1024;
/**
 * The fingerprint writeZip would store for `entries`, without building the
 * archive: every file read once, as the writer reads it (the page cache
 * makes this cheap beside deflate).
 */
function digestFiles(entries, level = 6) {
    const digest = new FilesDigest(level);
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (const e of _entry_table_js__WEBPACK_IMPORTED_MODULE_2__/* .EntryTable */ .F.of(entries)) {
        digest.entry(e);
        if (e.kind === 'symlink') {
            digest.data(Buffer.from(e.linkTarget ?? '', 'utf8'));
            continue;
        }
        for (let start = 0; start < e.size || start === 0; start += READ_BYTES) {
            const end = Math.min(e.size, start + READ_BYTES);
            digest.data((0,_source_files_js__WEBPACK_IMPORTED_MODULE_1__/* .readRange */ .qX)(e, start, end, end === e.size, buf));
            if (end === e.size)
                break;
        }
    }
    return digest.hex();
}
/** The fingerprint a zip comment carries, if it is of our format. */
function fingerprintInComment(comment) {
    const m = COMMENT.exec(comment);
    return m && Number(m[1]) === ZIP_FORMAT ? m[2] : undefined;
}
/**
 * Where the end-of-central-directory record starts in `b`, the last bytes of
 * a zip: the last signature whose comment fits in what follows. -1 if none.
 */
function findEndRecord(b) {
    for (let at = b.length - 22; at >= 0; at--) {
        if (b.readUInt32LE(at) === 0x06054b50 &&
            at + 22 + b.readUInt16LE(at + 20) <= b.length) {
            return at;
        }
    }
    return -1;
}
/**
 * The fingerprint in the comment of a zip whose last bytes are `tail`
 * (at least the end-of-central-directory record and the comment), or
 * undefined when there is none of our format.
 */
function fingerprintOf(tail) {
    const b = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
    const at = findEndRecord(b);
    // The comment must end the archive.
    if (at < 0 || at + 22 + b.readUInt16LE(at + 20) !== b.length)
        return undefined;
    return fingerprintInComment(b.toString('latin1', at + 22));
}
/** Bytes to fetch from the end of an archive to read its fingerprint. */
const FINGERPRINT_TAIL_BYTES = 22 + fingerprintComment('0'.repeat(64)).length;


/***/ }),

/***/ 9167:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kz: () => (/* binding */ realpath),
/* harmony export */   Rp: () => (/* binding */ preserveEntry),
/* harmony export */   gb: () => (/* binding */ followEntry),
/* harmony export */   nV: () => (/* binding */ fileEntry),
/* harmony export */   z8: () => (/* binding */ addListedFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _base_paths_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9646);




function followEntry(ctx, p) {
    const name = entryName(ctx, p);
    const dirReal = realDir(ctx, node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(p));
    let st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
    let real = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dirReal, node_path__WEBPACK_IMPORTED_MODULE_1__.basename(p));
    if (st.isSymbolicLink()) {
        const target = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(p);
        try {
            real = realpath(p);
        }
        catch (err) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${name} -> ${target} is dangling (its target does not exist)`, { cause: err });
        }
        if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, real, false)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${name} -> ${target} resolves outside base-directory`);
        }
        st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real);
    }
    if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, real, false)) {
        // A directory on the way was a link leading out of the base.
        const link = escapingLink(ctx, p);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${link.name} -> ${link.target} resolves outside base-directory`);
    }
    return fileEntry(name, real, st);
}
/**
 * A regular file, as its folder's listing typed it: what followEntry and
 * preserveEntry would make of it, added to `table`, which reads its size
 * and mode when first asked for (entry-table.ts).
 */
function addListedFile(ctx, p, follow, table) {
    // A folder's files share its real path, its checks and their names'
    // start: worked out once per folder, not for each of 20,000 files.
    const slash = node_path__WEBPACK_IMPORTED_MODULE_1__.sep === '/' ? p.lastIndexOf('/') : -1;
    const own = p.slice(slash + 1);
    if (slash > 0 && !own.includes('\\')) {
        const dir = p.slice(0, slash);
        let folder = ctx.folders.get(dir);
        if (folder === undefined) {
            folder = listedFolder(ctx, dir, table);
            ctx.folders.set(dir, folder);
        }
        if (folder !== null) {
            table.addFile(folder, own);
            return;
        }
    }
    const name = entryName(ctx, p);
    const dirReal = realDir(ctx, node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(p));
    if (!follow && !(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, dirReal, true)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('path', `${name} is not inside base-directory`);
    }
    // The file is strictly inside when its folder is inside or the base.
    if (follow && !(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, dirReal, true)) {
        // A directory on the way was a link leading out of the base.
        const link = escapingLink(ctx, p);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${link.name} -> ${link.target} resolves outside base-directory`);
    }
    table.addNamedFile(dirReal, name);
}
/**
 * A folder whose files need no check of their own: inside the base, real
 * path included, and named by a normalised path below it. Null sends its
 * files the long way, to the error that names them.
 */
function listedFolder(ctx, dir, table) {
    const real = realDir(ctx, dir);
    if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, real, true))
        return null;
    const rel = dir === ctx.base ? '' : (0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .below */ .Gz)(ctx.base, dir);
    if (rel === undefined || rel.includes('\\'))
        return null;
    const names = [ctx.prefix, rel].filter((s) => s !== '').join('/');
    return table.folder(real, names === '' ? '' : `${names}/`);
}
function preserveEntry(ctx, p) {
    const name = entryName(ctx, p);
    const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(p);
    const dirReal = realDir(ctx, node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(p));
    if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, dirReal, true)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('path', `${name} is not inside base-directory`);
    }
    const real = node_path__WEBPACK_IMPORTED_MODULE_1__.join(dirReal, node_path__WEBPACK_IMPORTED_MODULE_1__.basename(p));
    if (!st.isSymbolicLink())
        return fileEntry(name, real, st);
    const text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(p);
    const lexical = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(dirReal, text);
    let target;
    try {
        target = realpath(lexical);
    }
    catch (err) {
        if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, lexical, true)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${name} -> ${text} resolves outside base-directory`);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${name} -> ${text} is dangling (its target does not exist)`, { cause: err });
    }
    if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, target, true)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('symlinks', `link ${name} -> ${text} resolves outside base-directory`);
    }
    const kept = !node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(text) && (0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, lexical, true)
        ? node_path__WEBPACK_IMPORTED_MODULE_1__.relative(dirReal, lexical)
        : node_path__WEBPACK_IMPORTED_MODULE_1__.relative(dirReal, target);
    const linkTarget = (kept === '' ? '.' : kept).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep).join('/');
    return {
        name,
        kind: 'symlink',
        sourcePath: real,
        mode: 0o777,
        size: Buffer.byteLength(linkTarget, 'utf8'),
        linkTarget
    };
}
function fileEntry(name, real, st) {
    if (!st.isFile()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PackagingError */ .yr(`${name} is not a regular file (sockets, FIFOs and devices cannot go into a layer)`);
    }
    return {
        name,
        kind: 'file',
        sourcePath: real,
        mode: st.mode & 0o111 ? 0o755 : 0o644,
        size: st.size
    };
}
function realDir(ctx, dir) {
    let p = ctx.dirs.get(dir);
    if (p === undefined) {
        const parent = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(dir);
        p =
            ctx.plainDirs?.has(dir) && parent !== dir
                ? node_path__WEBPACK_IMPORTED_MODULE_1__.join(realDir(ctx, parent), node_path__WEBPACK_IMPORTED_MODULE_1__.basename(dir))
                : realpath(dir);
        ctx.dirs.set(dir, p);
    }
    return p;
}
/** One system call, as fs.promises.realpath (the JS version lstats each component). */
function realpath(p) {
    return node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync.native(p);
}
/** The first link on `p`'s way down from the base whose target leaves it. */
function escapingLink(ctx, p) {
    const parts = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(ctx.base, p).split(node_path__WEBPACK_IMPORTED_MODULE_1__.sep);
    let at = ctx.base;
    for (const part of parts) {
        at = node_path__WEBPACK_IMPORTED_MODULE_1__.join(at, part);
        const st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(at);
        if (!st.isSymbolicLink())
            continue;
        const real = realpath(at);
        if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.realBase, real, true)) {
            return { name: entryName(ctx, at), target: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(at) };
        }
    }
    return { name: entryName(ctx, p), target: realpath(p) };
}
function entryName(ctx, p) {
    const fast = (0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .below */ .Gz)(ctx.base, p);
    // Below the base, normalised: what the checks below would find (the
    // prefix is validated with the inputs).
    if (fast !== undefined && !fast.includes('\\')) {
        const name = ctx.prefix === '' ? fast : `${ctx.prefix}/${fast}`;
        return name;
    }
    const rel = (0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .toName */ .$C)(ctx.base, p);
    if (!(0,_base_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(ctx.base, p, false)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('path', `matched ${p}, which is outside base-directory (${ctx.base})`);
    }
    if (rel.includes('\\')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('path', `file name "${rel}" contains a backslash, which unzip tools read as a folder separator`);
    }
    const name = ctx.prefix === '' ? rel : `${ctx.prefix}/${rel}`;
    const segments = name.split('/');
    if (name.startsWith('/') ||
        segments.some((s) => s === '' || s === '.' || s === '..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('path', `entry name "${name}" is not a safe relative path`);
    }
    return name;
}


/***/ }),

/***/ 7217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U0: () => (/* binding */ cannotRead),
/* harmony export */   m3: () => (/* binding */ copyFile),
/* harmony export */   qX: () => (/* binding */ readRange),
/* harmony export */   zi: () => (/* binding */ changedError)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _worker_batch_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7609);




// A file swapped for a link after selection must not be followed out of the base.
const OPEN_FLAGS = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0);
const COPY_BYTES = 1024 * 1024;
function changedError(e) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PackagingError */ .yr(`${e.name} (${e.sourcePath}) changed size while being packaged`);
}
function cannotRead(e, err) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PackagingError */ .yr(`cannot read ${e.name} (${e.sourcePath}): ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(err)}`, { cause: err });
}
/**
 * Reads exactly [start, end) of an entry's file into the start of `into`;
 * `checkEof` also proves nothing follows (the size is the selected one), as
 * the deflate workers read (worker-batch.ts readItem).
 */
function readRange(e, start, end, checkEof, into) {
    const length = end - start;
    let complete;
    try {
        complete = (0,_worker_batch_js__WEBPACK_IMPORTED_MODULE_3__/* .readItem */ .k0)(node_fs__WEBPACK_IMPORTED_MODULE_0__, e.sourcePath, into, length, start, checkEof);
    }
    catch (err) {
        throw cannotRead(e, err);
    }
    if (!complete)
        throw changedError(e);
    return into.subarray(0, length);
}
/** Appends the entry's file to `out` as it is (a stored entry's data). */
async function copyFile(e, out) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(e.sourcePath, OPEN_FLAGS);
    // One buffer: `append` copies it or has written it before it resolves.
    const buf = Buffer.allocUnsafe(Math.min(COPY_BYTES, e.size));
    try {
        for (let pos = 0; pos < e.size;) {
            const want = Math.min(buf.length, e.size - pos);
            const { bytesRead } = await fh.read(buf, 0, want, pos);
            if (bytesRead === 0) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .PackagingError */ .yr(`${e.name} changed size while being packaged`);
            }
            await out.append(buf.subarray(0, bytesRead));
            pos += bytesRead;
        }
    }
    finally {
        await fh.close();
    }
}


/***/ }),

/***/ 7609:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ STATUS_CHANGED),
/* harmony export */   CJ: () => (/* binding */ deflateInto),
/* harmony export */   IE: () => (/* binding */ FLAG_PROBE),
/* harmony export */   JL: () => (/* binding */ BOX_DOUBLES),
/* harmony export */   N_: () => (/* binding */ roomFor),
/* harmony export */   Su: () => (/* binding */ META_FIELDS),
/* harmony export */   VB: () => (/* binding */ BATCH_FILES),
/* harmony export */   Xh: () => (/* binding */ FLAG_STORE),
/* harmony export */   Xn: () => (/* binding */ BATCH_FUNCTIONS),
/* harmony export */   a7: () => (/* binding */ runBatch),
/* harmony export */   b5: () => (/* binding */ OUT_FIELDS),
/* harmony export */   k0: () => (/* binding */ readItem),
/* harmony export */   nb: () => (/* binding */ runItem),
/* harmony export */   vD: () => (/* binding */ FLAG_AS_PROBE),
/* harmony export */   wt: () => (/* binding */ FLAG_LAST),
/* harmony export */   x0: () => (/* binding */ OUT_AT)
/* harmony export */ });
/* unused harmony export STATUS_UNREADABLE */
/*
 * The work of a deflate worker (deflate-workers.ts), one batch per call:
 * for each item, open, read, close, then CRC and deflate, synchronously,
 * into the shared memory of the main thread's ring. A file costs no round
 * trip to libuv's pool and no main-thread turn. An item is either a small
 * file, deflated whole by its lane's reusable stream, or a range of a large
 * file, deflated one-shot with the 32 KiB before it as dictionary (or only
 * read, when its file is stored).
 *
 * These functions are also the worker's code: they are sent to the worker
 * as source text (Function.prototype.toString), so each reaches nothing
 * outside itself but its arguments (the others through `env.run`, whose
 * property names no bundler renames); the constants below are repeated in
 * them as literals.
 */
/**
 * Per item in `meta`: unit index, lane (-1: a range of a large file), where
 * its region starts in memory, bytes to deflate (or store), the file offset
 * its region starts from, dictionary bytes before them, flags, piece index.
 */
const META_FIELDS = 8;
/** Per item in `out`: method, CRC (small files), output length, status. */
const OUT_FIELDS = 4;
/** Items in a batch, at most. */
const BATCH_FILES = 64;
/**
 * A batch's mailbox: memory shared with its worker, reused batch after
 * batch, that holds each item's meta from 0 and its answer from OUT_AT. A
 * new array per batch each way outlived the young generation whenever a
 * batch did, and its memory waited for a full collection (bench/README.md).
 */
const OUT_AT = BATCH_FILES * META_FIELDS;
const BOX_DOUBLES = BATCH_FILES * (META_FIELDS + OUT_FIELDS);
const FLAG_LAST = 1;
/** Only read: its file is stored. */
const FLAG_STORE = 2;
/** A large file's first 64 KiB: deflated, and its verdict kept for the rest. */
const FLAG_PROBE = 4;
/** Deflated or stored as its file's probe, done earlier by the same worker, said. */
const FLAG_AS_PROBE = 8;
const STATUS_CHANGED = 1;
const STATUS_UNREADABLE = 2;
/** Output room a range needs beyond its size: deflate's worst case, with margin. */
function roomFor(size) {
    return size + (size >>> 8) + 1024;
}
const BATCH_FUNCTIONS = {
    readItem,
    deflateInto,
    runItem
};
/**
 * Runs one batch: item k's meta at `box[k * 8]`, its answer into
 * `box[512 + k * 4]` (META_FIELDS, OUT_AT, OUT_FIELDS).
 */
function runBatch(env, paths, box, errors) {
    for (let k = 0; k < paths.length; k++) {
        try {
            env.run.runItem(env, paths[k], box, k * 8, box, 512 + k * 4);
        }
        catch (err) {
            const e = err;
            box[512 + k * 4 + 3] = 2;
            errors.push({ k, message: String(e.message ?? err), code: e.code ?? '' });
        }
    }
}
/**
 * One item. A small file's region is twice its size: the file, then room
 * for it deflated (kept only if smaller). A range's is its dictionary, the
 * range, then roomFor(range). A lane's files come in archive order, since a
 * reset stream's window still holds its previous file (deflate-format.ts).
 */
function runItem(env, path, meta, m, out, o) {
    const unit = meta[m];
    const lane = meta[m + 1];
    const at = meta[m + 2];
    const size = meta[m + 3];
    const from = meta[m + 4];
    const dict = meta[m + 5];
    const f = meta[m + 6];
    const room = lane >= 0 ? size : f & 2 ? 0 : size + (size >>> 8) + 1024;
    const region = env.mem.subarray(at, at + dict + size + room);
    // Status 1: the file is not the size it was selected with.
    if (!env.run.readItem(env.fs, path, region, dict + size, from, (f & 1) !== 0)) {
        out[o + 3] = 1;
        return;
    }
    const data = region.subarray(dict, dict + size);
    const { verdicts } = env;
    out[o] = 0;
    out[o + 2] = size;
    let n = -1;
    if (lane >= 0) {
        out[o + 1] = env.zlib.crc32(data);
        if (size === 0)
            return;
        const stream = env.lanes[lane];
        n = env.run.deflateInto(stream, data, region.subarray(size), 4);
        stream.reset();
    }
    else if (f & 8 ? verdicts.get(unit) === false : (f & 2) === 0) {
        // Its output goes to the ring: no buffer of its own (the least is 64).
        const opts = { level: env.level, chunkSize: 64 };
        const stream = env.zlib.createDeflateRaw(dict > 0 ? { ...opts, dictionary: region.subarray(0, dict) } : opts);
        // Z_FINISH (4) ends the file; Z_SYNC_FLUSH (2) ends a range on a byte.
        const flush = f & 1 ? 4 : 2;
        n = env.run.deflateInto(stream, data, region.subarray(dict + size), flush);
        stream.close();
        if (n < 0)
            throw new Error('deflate output beyond its bound');
    }
    else if (f & 8 && !verdicts.has(unit)) {
        throw new Error('no probe verdict');
    }
    // Not shrinking by 2% is not worth an inflate on every cold start; for a
    // probe, that stores the whole file.
    const worth = n >= 0 && n * 50 <= size * 49;
    if (f & 4)
        verdicts.set(unit, !worth);
    if (f & 1)
        verdicts.delete(unit);
    if (worth || (n >= 0 && lane < 0 && (f & 4) === 0)) {
        out[o] = 8;
        out[o + 2] = n;
    }
}
/**
 * Reads `length` bytes from `from` into `region`; for the file's last
 * bytes, proves that nothing follows (a short read when asking for one
 * byte more). False when the file is not that size.
 */
function readItem(fs, path, region, length, from, last) {
    const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
        const spare = last && region.length > length;
        const want = spare ? length + 1 : length;
        let got = 0;
        for (let n = -1; got < length && n !== 0; got += n) {
            n = fs.readSync(fd, region, got, want - got, from + got);
        }
        if (got === length && last && !spare) {
            got += fs.readSync(fd, Buffer.alloc(1), 0, 1, from + length);
        }
        return got === length;
    }
    finally {
        fs.closeSync(fd);
    }
}
/**
 * All of `data` through `stream` with `flush`, output to `room` while it
 * fits; returns the output's length, or -1 if it did not fit. The stream
 * always runs to the end: a lane's next file depends on the window this
 * one leaves. zlib's synchronous one-shot API closes its stream after each
 * call; the handle under a stream is what it drives, and it can be reset.
 */
function deflateInto(stream, data, room, flush) {
    const z = stream;
    let inOff = 0;
    let inLen = data.length;
    let target = room;
    let total = 0;
    for (;;) {
        z._handle.writeSync(flush, data, inOff, inLen, target, 0, target.length);
        if (stream.destroyed)
            throw new Error('zlib failed');
        const outLeft = z._writeState[0];
        const inLeft = z._writeState[1];
        total += target.length - outLeft;
        if (outLeft !== 0)
            return target === room ? total : -1;
        inOff += inLen - inLeft;
        inLen = inLeft;
        // Past the room: the rest only to finish the stream.
        if (target === room)
            target = Buffer.allocUnsafe(64 * 1024);
    }
}


/***/ }),

/***/ 4221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ PROVIDER_RULES)
/* harmony export */ });
const MiB = 1024 * 1024;
const PROVIDER_RULES = {
    aws: {
        displayName: 'AWS Lambda',
        serviceName: 'Lambda',
        storage: { scheme: 's3', name: 'S3' },
        shaEncoding: 'base64',
        layerName: {
            pattern: /^[A-Za-z0-9_-]{1,140}$/,
            rule: 'must be 1-140 characters of letters, digits, - and _, or a layer ARN'
        },
        layerArn: /^arn:(?:aws[a-zA-Z-]*)?:lambda:(?<region>(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\d):\d{12}:layer:(?<name>[a-zA-Z0-9_-]{1,140})$/,
        region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, example: 'us-east-1' },
        runtimes: { min: 0, max: 15 },
        architectures: ['x86_64', 'arm64'],
        maxArchitectures: 2,
        descriptionMax: 256,
        licenseMax: 512,
        // 50 MiB raw zip: Lambda caps the base64 JSON body at 69,905,067 bytes.
        maxInlineBytes: 50 * MiB,
        maxUnzippedBytes: 262_144_000,
        bucket: {
            pattern: /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
            rule: 'must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens'
        },
        maxParts: 10_000,
        upload: { partSize: 8 * MiB, concurrency: 6 },
        supportsSharing: true,
        supportsTags: false
    },
    tencent: {
        displayName: 'Tencent Cloud SCF',
        serviceName: 'SCF',
        storage: { scheme: 'cos', name: 'COS' },
        shaEncoding: 'hex',
        layerName: {
            pattern: /^[A-Za-z](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/,
            rule: 'must be 1-64 characters of letters, digits, - and _, start with a letter and not end with - or _'
        },
        region: {
            pattern: /^[a-z]+(-[a-z0-9]+)+$/,
            example: 'ap-guangzhou'
        },
        runtimes: { min: 1, max: 5 },
        architectures: [],
        maxArchitectures: 0,
        descriptionMax: 1000,
        licenseMax: 512,
        // Base64 makes 6 MiB raw 8 MiB plus JSON, under the 10,485,760-byte TC3
        // request cap (RequestSizeLimitExceeded above it).
        maxInlineBytes: 6 * MiB,
        // SCF documents "500 MB" unzipped (code and layers together) without
        // saying 10^6 or 2^20; MiB is read, as for Lambda's "250 MB".
        maxUnzippedBytes: 500 * MiB,
        // COS (436/13312): lower-case letters, digits and -, not starting or
        // ending with -; the whole domain `name-appid.cos.<region>.myqcloud.com`
        // at most 60 characters. With the shortest region ids (8, e.g.
        // ap-tokyo) that leaves 34 for name-appid; longer regions allow less,
        // which only a check that knows the region can tell.
        bucket: {
            pattern: /^(?=.{1,34}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-\d{6,12}$/,
            rule: 'must be a COS bucket name of the form name-appid, e.g. my-layers-1250000000: lower-case letters, digits and -, not starting or ending with -, at most 34 characters with the appid'
        },
        // COS allows 1 MB to 5 GB per part.
        maxParts: 10_000,
        // Six parts at once, as for S3: with four, 200 MB reached 2.9-3.2 × one
        // connection's cap in the bench (goal ≥ 3); with six, 4.3 ×.
        upload: { partSize: 4 * MiB, concurrency: 6 },
        supportsSharing: false,
        supportsTags: true
    }
};


/***/ }),

/***/ 4296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ shaToHex),
/* harmony export */   q: () => (/* binding */ providerSha)
/* harmony export */ });
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4221);
/**
 * A layer's SHA-256 in each provider's own form (Lambda base64, SCF hex)
 * and back to lower-case hex, the form the action compares.
 */

/** The archive's SHA-256 as the provider writes CodeSha256. */
function providerSha(provider, sha256Hex) {
    return _rules_js__WEBPACK_IMPORTED_MODULE_0__/* .PROVIDER_RULES */ .k[provider].shaEncoding === 'base64'
        ? Buffer.from(sha256Hex, 'hex').toString('base64')
        : sha256Hex;
}
/** A provider's CodeSha256 as lower-case hex. */
function shaToHex(provider, codeSha256) {
    return _rules_js__WEBPACK_IMPORTED_MODULE_0__/* .PROVIDER_RULES */ .k[provider].shaEncoding === 'base64'
        ? Buffer.from(codeSha256, 'base64').toString('hex')
        : codeSha256.toLowerCase();
}


/***/ }),

/***/ 3731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ mapLimit)
/* harmony export */ });
/**
 * The one bounded-concurrency helper: regions, reads before packaging and
 * any other fan-out go through it, so "at most N at once" means one thing.
 */
/**
 * Runs `task` for every item with at most `limit` running at once. Every
 * item is attempted (a task that must not stop the others catches its own
 * errors); results keep the order of `items`.
 */
async function mapLimit(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await task(items[i], i);
        }
    };
    const workers = Math.max(1, Math.min(Math.floor(limit), items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}


/***/ }),

/***/ 7313:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ writeFully),
/* harmony export */   l: () => (/* binding */ readFully)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Whole reads and writes at a position on an open file descriptor, which
 * a single readSync or writeSync may do only in part.
 */

function writeFully(fd, data, at) {
    for (let done = 0; done < data.length;) {
        done += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, data, done, data.length - done, at + done);
    }
}
/** Fills `into` from `at`; returns the bytes read, fewer only at the file's end. */
function readFully(fd, into, at) {
    let got = 0;
    for (let n = -1; got < into.length && n !== 0; got += n) {
        n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, into, got, into.length - got, at + got);
    }
    return got;
}


/***/ }),

/***/ 4266:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ retry),
/* harmony export */   u: () => (/* binding */ realSleep)
/* harmony export */ });
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function retry(fn, options) {
    const sleep = options.sleep ?? realSleep;
    const random = options.random ?? Math.random;
    const base = options.baseDelayMs ?? 500;
    const cap = options.maxDelayMs ?? 20_000;
    const attempts = Math.max(1, Math.floor(options.attempts));
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            if (attempt >= attempts || !options.isRetryable(error))
                throw error;
            const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
            // Full jitter keeps parallel regions from retrying in lock-step.
            const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
            options.onRetry?.(error, attempt, delay);
            await sleep(delay);
        }
    }
}


/***/ })

};

//# sourceMappingURL=275.index.js.map