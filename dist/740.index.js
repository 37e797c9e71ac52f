export const id = 740;
export const ids = [740];
export const modules = {

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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

/***/ 9740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: USER_AGENT

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(1659);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/providers/rules.ts
var providers_rules = __webpack_require__(4221);
;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Reads every input once, validates it, and returns one typed object.
 * Nothing here calls a provider: an invalid input must fail before any
 * write (or read) call is made.
 */





/** Input names as written in action.yml (kebab-case, listed once). */
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
    StorageEndpointUrl: 'storage-endpoint-url'
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
function isInside(parent, child) {
    const rel = (0,external_node_path_.relative)(parent, child);
    return rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel));
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
function parseShareWith(raw) {
    const seen = new Set();
    const out = [];
    for (const item of raw) {
        let p;
        if (/^\d{12}$/.test(item))
            p = { kind: 'account', id: item };
        else if (/^o-[a-z0-9]{10,32}$/.test(item))
            p = { kind: 'organization', id: item };
        else if (item === 'public')
            p = { kind: 'public' };
        else
            throw new errors/* InputError */.dz(Input.ShareWith, `each entry must be a 12-digit account id, an organization id (o- and 10-32 lower-case letters or digits) or 'public', got '${item}'`);
        const key = p.kind === 'public' ? 'public' : p.id;
        if (!seen.has(key))
            out.push(p);
        seen.add(key);
    }
    return out;
}
function parseTags(raw) {
    const tags = {};
    for (const line of raw.split(/\r?\n/)) {
        const t = line.trim();
        if (t === '')
            continue;
        const eq = t.indexOf('=');
        if (eq <= 0) {
            throw new errors/* InputError */.dz(Input.Tags, `each line must be key=value, got '${t}'`);
        }
        const key = t.slice(0, eq).trim();
        const value = t.slice(eq + 1).trim();
        if (key.length > 127 || value.length > 255) {
            throw new errors/* InputError */.dz(Input.Tags, `keys are at most 127 and values at most 255 characters ('${key}')`);
        }
        if (key in tags) {
            throw new errors/* InputError */.dz(Input.Tags, `key '${key}' is given twice`);
        }
        tags[key] = value;
    }
    return tags;
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
    // Layer name.
    const rawName = read(Input.LayerName);
    if (rawName === '') {
        throw new errors/* InputError */.dz(Input.LayerName, 'is required');
    }
    let layerName = rawName;
    let arnRegion;
    const arn = rules.layerArn?.exec(rawName);
    if (arn) {
        layerName = arn.groups?.name ?? rawName;
        arnRegion = arn.groups?.region;
    }
    else if (!rules.layerName.pattern.test(rawName)) {
        throw new errors/* InputError */.dz(Input.LayerName, `${rules.layerName.rule} (${rules.displayName}), got '${rawName}'`);
    }
    // Workspace and source.
    const workspace = (0,external_node_path_.resolve)(env.GITHUB_WORKSPACE || process.cwd());
    const runnerTemp = (0,external_node_path_.resolve)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)());
    const pathList = splitList(read(Input.Path));
    const zipFile = read(Input.ZipFile);
    let source;
    if (zipFile !== '' && pathList.length > 0) {
        throw new errors/* InputError */.dz(Input.ZipFile, `cannot be combined with 'path': give one or the other`);
    }
    if (zipFile !== '') {
        const zipPath = (0,external_node_path_.resolve)(workspace, zipFile);
        if (!(0,external_node_fs_.existsSync)(zipPath) || !(0,external_node_fs_.statSync)(zipPath).isFile()) {
            throw new errors/* InputError */.dz(Input.ZipFile, `file not found: ${zipFile}`);
        }
        source = { kind: 'zip', zipFile: zipPath };
    }
    else {
        if (pathList.length === 0) {
            throw new errors/* InputError */.dz(Input.Path, `is required unless 'zip-file' is given (one glob per line)`);
        }
        if (pathList.every((p) => p.startsWith('!'))) {
            throw new errors/* InputError */.dz(Input.Path, 'needs at least one pattern that is not an exclusion (!)');
        }
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
        const prefix = checkRelativePath(Input.Prefix, read(Input.Prefix));
        const symlinks = parseChoice(read, Input.Symlinks, ['follow', 'preserve'], 'follow');
        source = {
            kind: 'paths',
            patterns: pathList,
            baseDirectory: realBase,
            prefix,
            symlinks
        };
    }
    // Runtimes and architectures.
    const compatibleRuntimes = [
        ...new Set(splitList(read(Input.CompatibleRuntimes)))
    ];
    if (compatibleRuntimes.length < rules.runtimes.min) {
        throw new errors/* InputError */.dz(Input.CompatibleRuntimes, `is required for ${rules.displayName}: give 1 to ${rules.runtimes.max} runtimes, e.g. Nodejs18.15`);
    }
    if (compatibleRuntimes.length > rules.runtimes.max) {
        throw new errors/* InputError */.dz(Input.CompatibleRuntimes, `allows at most ${rules.runtimes.max} runtimes on ${rules.displayName}, got ${compatibleRuntimes.length}`);
    }
    if (provider === 'aws' && context.awsRuntimes) {
        const known = new Set(context.awsRuntimes);
        const bad = compatibleRuntimes.filter((r) => !known.has(r));
        if (bad.length > 0) {
            throw new errors/* InputError */.dz(Input.CompatibleRuntimes, `unknown Lambda runtime ${bad.map((b) => `'${b}'`).join(', ')} (expected names like python3.12, nodejs22.x, provided.al2023)`);
        }
    }
    if (provider === 'tencent') {
        const known = new Set(providers_rules/* TENCENT_KNOWN_RUNTIMES */.T);
        for (const r of compatibleRuntimes) {
            if (!known.has(r)) {
                warnings.push(`compatible-runtimes: '${r}' is not a runtime name this action knows for SCF (e.g. Nodejs18.15, Python3.9); sending it as given`);
            }
        }
    }
    const compatibleArchitectures = [
        ...new Set(splitList(read(Input.CompatibleArchitectures)))
    ];
    if (compatibleArchitectures.length > 0 && rules.maxArchitectures === 0) {
        throw new errors/* InputError */.dz(Input.CompatibleArchitectures, `is not supported by ${rules.displayName} (it has no layer architectures); remove it`);
    }
    for (const a of compatibleArchitectures) {
        if (!rules.architectures.includes(a)) {
            throw new errors/* InputError */.dz(Input.CompatibleArchitectures, `must be ${rules.architectures.map((x) => `'${x}'`).join(' or ')}, got '${a}'`);
        }
    }
    const description = read(Input.Description);
    if (rules.descriptionMax !== undefined &&
        description.length > rules.descriptionMax) {
        throw new errors/* InputError */.dz(Input.Description, `must be at most ${rules.descriptionMax} characters, got ${description.length}`);
    }
    const licenseInfo = read(Input.LicenseInfo);
    if (rules.licenseMax !== undefined && licenseInfo.length > rules.licenseMax) {
        throw new errors/* InputError */.dz(Input.LicenseInfo, `must be at most ${rules.licenseMax} characters, got ${licenseInfo.length}`);
    }
    // Regions.
    let regions = [...new Set(splitList(read(Input.Region)))];
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
    // Storage.
    const bucketRaw = read(Input.Bucket);
    const bucket = bucketRaw === '' ? undefined : bucketRaw;
    if (bucket !== undefined) {
        if (regions.length > 1 && !bucket.includes('{region}')) {
            throw new errors/* InputError */.dz(Input.Bucket, `must contain {region} when publishing to several regions (a layer's bucket must be in the layer's region), e.g. my-layers-{region}`);
        }
        for (const r of regions) {
            const name = bucket.replaceAll('{region}', r);
            if (!rules.bucket.pattern.test(name)) {
                throw new errors/* InputError */.dz(Input.Bucket, `${rules.bucket.rule}, got '${name}'`);
            }
        }
    }
    // Empty means the default: the runner cannot tell an explicit '' apart.
    const rawObjectPrefix = read(Input.ObjectPrefix) || 'publish-layer/';
    const objectPrefixPath = checkRelativePath(Input.ObjectPrefix, rawObjectPrefix);
    const objectPrefix = objectPrefixPath === '' ? '' : `${objectPrefixPath}/`;
    if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(objectPrefix)) {
        throw new errors/* InputError */.dz(Input.ObjectPrefix, `may contain only letters, digits and !_.*'()/-, got '${rawObjectPrefix}'`);
    }
    const upload = parseChoice(read, Input.Upload, ['auto', 'always', 'never'], 'auto');
    if (upload === 'always' && bucket === undefined) {
        throw new errors/* InputError */.dz(Input.Bucket, `is required when upload is 'always'`);
    }
    const deleteObject = parseBoolean(read, Input.DeleteObject, false);
    const skipUnchanged = parseBoolean(read, Input.SkipUnchanged, true);
    const dryRun = parseBoolean(read, Input.DryRun, false);
    // Sharing, retention, tags.
    const shareList = splitList(read(Input.ShareWith));
    if (shareList.length > 0 && !rules.supportsSharing) {
        throw new errors/* InputError */.dz(Input.ShareWith, `is not supported by ${rules.displayName} (it has no layer permission API); remove it`);
    }
    const shareWith = parseShareWith(shareList);
    const keepVersions = parseInteger(read, Input.KeepVersions, 0, 0, 10_000);
    const rawTags = read(Input.Tags);
    if (rawTags !== '' && !rules.supportsTags) {
        throw new errors/* InputError */.dz(Input.Tags, `is only supported with provider 'tencent'; remove it`);
    }
    const tags = parseTags(rawTags);
    const waitTimeoutSeconds = parseInteger(read, Input.WaitTimeout, 300, 1, 3600);
    const maxAttempts = parseInteger(read, Input.MaxAttempts, 5, 1, 20);
    const endpointUrl = parseUrl(read, Input.EndpointUrl);
    const storageEndpointUrl = parseUrl(read, Input.StorageEndpointUrl);
    // Credentials: Tencent's come from inputs or env; AWS's only from the SDK chain.
    let tencentCredentials;
    if (provider === 'tencent') {
        const secretId = read(Input.TencentSecretId) || env.TENCENTCLOUD_SECRET_ID || '';
        const secretKey = read(Input.TencentSecretKey) || env.TENCENTCLOUD_SECRET_KEY || '';
        const sessionToken = read(Input.TencentSessionToken) || env.TENCENTCLOUD_SESSION_TOKEN || '';
        if (secretId === '') {
            throw new errors/* InputError */.dz(Input.TencentSecretId, 'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_ID');
        }
        if (secretKey === '') {
            throw new errors/* InputError */.dz(Input.TencentSecretKey, 'is required for provider tencent: set the input or TENCENTCLOUD_SECRET_KEY');
        }
        tencentCredentials = {
            secretId,
            secretKey,
            ...(sessionToken !== '' && { sessionToken })
        };
    }
    else {
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
    return {
        provider,
        layerName,
        layerId: rawName,
        source,
        compatibleRuntimes,
        compatibleArchitectures,
        description,
        licenseInfo,
        tags,
        regions,
        ...(bucket !== undefined && { bucket }),
        objectPrefix,
        upload,
        deleteObject,
        skipUnchanged,
        shareWith,
        keepVersions,
        waitTimeoutSeconds,
        dryRun,
        maxAttempts,
        ...(endpointUrl !== undefined && { endpointUrl }),
        ...(storageEndpointUrl !== undefined && { storageEndpointUrl }),
        ...(tencentCredentials !== undefined && { tencentCredentials }),
        workspace,
        runnerTemp,
        warnings
    };
}

;// CONCATENATED MODULE: ./src/providers/content.ts
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

;// CONCATENATED MODULE: ./src/providers/index.ts
const createProvider = async (config, log) => {
    if (config.provider === 'aws') {
        const { createAwsProvider } = await Promise.all(/* import() */[__webpack_require__.e(696), __webpack_require__.e(91)]).then(__webpack_require__.bind(__webpack_require__, 6091));
        return createAwsProvider({
            region: config.region,
            maxAttempts: config.maxAttempts,
            requestTimeoutMs: config.requestTimeoutMs,
            connectTimeoutMs: config.connectTimeoutMs,
            userAgent: config.userAgent,
            ...(config.endpointUrl !== undefined && {
                endpointUrl: config.endpointUrl
            }),
            ...(config.storageEndpointUrl !== undefined && {
                storageEndpointUrl: config.storageEndpointUrl
            })
        }, log);
    }
    const credentials = config.tencentCredentials;
    if (!credentials)
        throw new Error('Tencent credentials were not read');
    const { createTencentProvider } = await Promise.all(/* import() */[__webpack_require__.e(439), __webpack_require__.e(287)]).then(__webpack_require__.bind(__webpack_require__, 7287));
    return createTencentProvider({
        region: config.region,
        secretId: credentials.secretId,
        secretKey: credentials.secretKey,
        ...(credentials.sessionToken !== undefined && {
            sessionToken: credentials.sessionToken
        }),
        ...(config.endpointUrl !== undefined && {
            endpoint: config.endpointUrl
        }),
        ...(config.storageEndpointUrl !== undefined && {
            storageEndpoint: config.storageEndpointUrl
        }),
        maxAttempts: config.maxAttempts,
        waitTimeoutSeconds: config.waitTimeoutSeconds,
        requestTimeoutSeconds: Math.ceil(config.requestTimeoutMs / 1000)
    }, log);
};
/** The Lambda SDK's Runtime enum, the authority on valid runtime names. */
async function loadAwsRuntimes() {
    const { Runtime } = await __webpack_require__.e(/* import() */ 696).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    return Object.values(Runtime);
}

;// CONCATENATED MODULE: ./src/providers/layout.ts
function layoutWarnings(provider, runtimes, names) {
    const warnings = [];
    const some = (re) => names.some((n) => re.test(n));
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

// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
// EXTERNAL MODULE: ./src/package/fingerprint.ts
var package_fingerprint = __webpack_require__(8080);
;// CONCATENATED MODULE: ./src/publish.ts
/**
 * Provider-agnostic publishing policy: where the archive travels (inline or
 * through object storage), under which key, and what each region's outcome
 * is. Adapters supply the mechanisms through LayerProvider.
 */





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
/**
 * Checks that need the archive but no provider call: size limits and the
 * storage decision. Throws before anything is written anywhere.
 */
function preflight(archive, plan) {
    const rules = providers_rules/* PROVIDER_RULES */.k[plan.provider];
    if (archive.unzippedSize > rules.maxUnzippedBytes) {
        throw new errors/* PackagingError */.yr(`The layer unzips to ${archive.unzippedSize.toLocaleString('en-US')} bytes (${formatBytes(archive.unzippedSize)}), above ${rules.displayName}'s limit of ${rules.maxUnzippedBytes.toLocaleString('en-US')} bytes; package fewer files (see 'path' exclusions)`);
    }
    const tooBig = archive.size > rules.maxInlineBytes;
    if (tooBig && plan.upload === 'never') {
        throw new errors/* InputError */.dz('upload', `is 'never', but the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}; set 'upload: auto' and a 'bucket'`);
    }
    if (needsUpload(archive.size, plan.upload, rules.maxInlineBytes) &&
        plan.bucket === undefined) {
        throw new errors/* InputError */.dz('bucket', `is required: the archive is ${formatBytes(archive.size)}, above ${rules.displayName}'s inline limit of ${formatBytes(rules.maxInlineBytes)}, so it must go through ${plan.provider === 'aws' ? 'S3' : 'COS'}; set 'bucket' to a bucket in the layer's region (e.g. my-layers-{region})`);
    }
}
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
        sharedWith: []
    };
}
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
/** Deterministic statement ids let a re-run recognise its own grants. */
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
/** Versions to delete so that only the newest `keep` remain, never `current`. */
function versionsToDelete(versions, keep, current) {
    if (keep <= 0)
        return [];
    const newestFirst = [...new Set(versions)].sort((a, b) => b - a);
    return newestFirst.slice(keep).filter((v) => v !== current);
}
/** Publishes in one region. Never throws: failures come back as status `failed`. */
async function publishRegion(provider, archive, plan, log) {
    const region = provider.region;
    const result = emptyResult(region, plan);
    const settings = { ...plan.settings, layerName: plan.layerId };
    const upload = needsUpload(archive.size, plan.upload, provider.maxInlineBytes);
    const target = upload
        ? {
            bucket: bucketFor(plan.bucket ?? '', region),
            key: objectKey(plan.objectPrefix, plan.layerName, archive.sha256),
            region
        }
        : undefined;
    let uploaded;
    let uploading = false;
    try {
        // Skip unchanged: the newest version may already hold these exact bytes.
        let version;
        let newestBefore = 0;
        if (plan.skipUnchanged) {
            const listed = await provider.listVersions(plan.layerId);
            const { existing, floor } = await newestSame(provider, plan.layerId, listed, archive.sha256, settings);
            newestBefore = floor;
            if (existing) {
                version = existing;
                result.status = 'unchanged';
                log.info(`[${region}] version ${existing.version} already has this archive and settings; publishing nothing`);
            }
        }
        if (!version && plan.dryRun) {
            result.status = 'planned';
            result.storage = target ? `${target.bucket}/${target.key}` : 'inline';
            log.info(`[${region}] would publish a new version of ${plan.layerName} (${target ? `through ${result.storage}` : 'inline'})`);
        }
        else if (!version) {
            if (archive.path === '') {
                // Known from its fingerprint, not built: only possible when the
                // newest version changed between the check and now.
                throw new errors/* PackagingError */.yr('the newest layer version changed while this run was checking it; run the step again');
            }
            let content;
            if (target) {
                result.storage = `${target.bucket}/${target.key}`;
                log.info(`[${region}] uploading ${formatBytes(archive.size)} to ${provider.id === 'aws' ? 's3' : 'cos'}://${target.bucket}/${target.key}`);
                uploading = true;
                uploaded = await provider.uploadArchive(archive.path, target, progressLogger(log, `[${region}] upload`));
                content = { kind: 'object', location: uploaded };
            }
            else {
                result.storage = 'inline';
                content = { kind: 'inline', zip: await (0,promises_.readFile)(archive.path) };
            }
            if (!plan.skipUnchanged) {
                newestBefore =
                    (await provider.listVersions(plan.layerId))[0]?.version ?? 0;
            }
            if (uploaded && plan.skipUnchanged) {
                // A concurrent run may have published this archive while we uploaded.
                const [theirs] = await sameVersionsSince(provider, plan.layerId, newestBefore, archive.sha256, settings, log);
                if (theirs) {
                    version = theirs;
                    log.info(`[${region}] another run published this archive as version ${theirs.version} during the upload; using it`);
                }
            }
            for (let round = 1; !version; round++) {
                try {
                    version = await publishSafely(provider, plan, settings, content, archive, newestBefore, log);
                }
                catch (error) {
                    // The content-addressed object is shared: a concurrent run with
                    // delete-object may remove it before this publish reads it.
                    if (!target || !objectVanished(error) || round >= plan.maxAttempts) {
                        throw error;
                    }
                    log.info(`[${region}] ${target.bucket}/${target.key} was gone when the layer was published (another run's delete-object?); uploading it again`);
                    uploaded = await provider.uploadArchive(archive.path, target);
                    content = { kind: 'object', location: uploaded };
                }
            }
            result.status = 'published';
            result.published = true;
            log.info(`[${region}] published ${plan.layerName} version ${version.version}${version.layerVersionArn ? ` (${version.layerVersionArn})` : ''}`);
        }
        if (version) {
            Object.assign(result, {
                version: version.version,
                layerArn: version.layerArn ?? '',
                layerVersionArn: version.layerVersionArn ?? '',
                codeSha256: version.codeSha256
            });
        }
        await share(provider, plan, result, log);
        await retain(provider, plan, result, log);
    }
    catch (error) {
        result.status = 'failed';
        result.published = false;
        result.error = (0,errors/* errorMessage */.gJ)(error);
        log.debug(`[${region}] ${error?.stack ?? result.error}`);
    }
    finally {
        if (uploaded && plan.deleteObject) {
            try {
                await provider.deleteObject(uploaded);
                log.info(`[${region}] deleted ${uploaded.bucket}/${uploaded.key}`);
            }
            catch (error) {
                log.warning(`[${region}] could not delete ${uploaded.bucket}/${uploaded.key}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
        }
        if (uploading && target && provider.sweepUploads) {
            await provider.sweepUploads(target).catch((error) => {
                log.debug(`[${region}] ${(0,errors/* errorMessage */.gJ)(error)}`);
            });
        }
    }
    return result;
}
/**
 * Skip unchanged without packaging. When every region's newest version has
 * these settings and its archive's comment carries the fingerprint of these
 * very files, the archive this run would build is byte for byte that one
 * (the writer is deterministic): its SHA-256 and size are known, and the
 * usual skip check then finds it unchanged everywhere. Reads a few hundred
 * bytes per region; the files are hashed only if every region has such a
 * candidate. Undefined means: build the archive and compare as usual. Best
 * effort, never throws; the usual path reports any real failure.
 */
async function findBuiltArchive(providers, plan, filesSha256, fetchTail, log) {
    const settings = { ...plan.settings, layerName: plan.layerId };
    const candidate = async (provider) => {
        const [newest] = await provider.listVersions(plan.layerId);
        if (!newest)
            return undefined;
        const v = await getIfExists(provider, plan.layerId, newest.version);
        if (!v?.contentUrl || !isSameVersion(v, v.sha256Hex, settings)) {
            return undefined;
        }
        const tail = await fetchTail(v.contentUrl, package_fingerprint/* FINGERPRINT_TAIL_BYTES */.ku);
        const fingerprint = tail && (0,package_fingerprint/* fingerprintOf */.ax)(tail.bytes);
        if (!tail || !fingerprint)
            return undefined;
        return { sha256: v.sha256Hex, size: tail.totalSize, fingerprint };
    };
    try {
        // Every region settles (a failure there is only "no candidate"), so no
        // read is still running when the region runs take over.
        const found = await forEachRegion(providers.map((p) => p.region), 4, (region) => candidate(providers.find((p) => p.region === region)).catch((error) => {
            log.debug(`[${region}] ${(0,errors/* errorMessage */.gJ)(error)}`);
            return undefined;
        }));
        const [first] = found;
        if (!first ||
            found.some((c) => !c ||
                c.fingerprint !== first.fingerprint ||
                c.sha256 !== first.sha256 ||
                c.size !== first.size)) {
            return undefined;
        }
        if (filesSha256() !== first.fingerprint)
            return undefined;
        return { sha256: first.sha256, size: first.size };
    }
    catch (error) {
        log.debug(`could not tell without packaging whether the files changed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}
/**
 * A provider that records the list and get answers (or failures) of the
 * skip check made before packaging, and after `replay()` hands each one
 * back once: the region's run then starts from the same reads instead of
 * making them again, and a read that already failed after every attempt
 * fails at once rather than taking that time twice. Later reads (after an
 * upload, after a lost response) always go to the provider.
 */
function recordReads(provider) {
    const kept = new Map();
    let recording = true;
    const read = (key, load) => {
        if (recording) {
            const p = load();
            kept.set(key, p);
            // Awaited later, or never: not an unhandled rejection either way.
            p.catch(() => undefined);
            return p;
        }
        const p = kept.get(key);
        if (!p)
            return load();
        kept.delete(key);
        return p;
    };
    const overrides = {
        listVersions: (name) => read(`list\n${name}`, () => provider.listVersions(name)),
        getVersion: (name, version) => read(`get\n${name}\n${version}`, () => provider.getVersion(name, version))
    };
    // Everything else is the provider's own, called on the provider.
    const wrapped = new Proxy(provider, {
        get(target, prop) {
            if (Object.hasOwn(overrides, prop)) {
                return overrides[prop];
            }
            const value = Reflect.get(target, prop);
            return typeof value === 'function' ? value.bind(target) : value;
        }
    });
    return {
        provider: wrapped,
        replay: () => {
            recording = false;
        }
    };
}
/** Whether a publish failed because the archive object was not there. */
function objectVanished(error) {
    return (error instanceof errors/* ProviderError */.mZ &&
        /NoSuchKey|NoSuchObject|Cos object .* does not exist/i.test(error.message) &&
        /PublishLayerVersion/.test(error.operation));
}
/** Whether an error says the layer version does not exist (any provider). */
function isNotFound(error) {
    return (error instanceof errors/* ProviderError */.mZ &&
        (error.httpStatus === 404 || /NotFound/i.test(error.code ?? '')));
}
/** The version, or undefined when it vanished (a concurrent run deleted it). */
async function getIfExists(provider, layerId, version) {
    try {
        return await provider.getVersion(layerId, version);
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
/**
 * The skip-unchanged check. Walks the newest versions while they hold this
 * archive with these settings. `existing` is the oldest Active one of them
 * (never a duplicate a concurrent run is about to delete); `floor` is the
 * newest version that does not hold it, below which no run of this archive
 * can have published. Versions still being published (a concurrent run on
 * Tencent) count as holding it but are not returned; versions that vanish
 * while we look are passed over.
 */
async function newestSame(provider, layerId, listed, sha256Hex, settings) {
    let existing;
    for (const v of listed.slice(0, 20)) {
        const got = await getIfExists(provider, layerId, v.version);
        if (!got)
            continue;
        const { status, ...anyStatus } = got;
        if (!isSameVersion(anyStatus, sha256Hex, settings) ||
            status === 'PublishFailed') {
            return { existing, floor: v.version };
        }
        if (status === undefined || status === 'Active')
            existing = got;
    }
    const rest = listed.slice(20)[0]?.version ?? 0;
    return { existing, floor: rest };
}
/**
 * Versions newer than `after` that hold this archive with these settings,
 * oldest first. Used after a lost response and after a concurrent race.
 */
async function sameVersionsSince(provider, layerId, after, sha256Hex, settings, log) {
    // Best effort: failing to look only means a duplicate may remain.
    try {
        const candidates = (await provider.listVersions(layerId))
            .filter((v) => v.version > after)
            .sort((a, b) => a.version - b.version);
        const out = [];
        for (const c of candidates) {
            // A concurrent run may delete its duplicate between our list and get.
            const v = await getIfExists(provider, layerId, c.version);
            if (!v)
                continue;
            // A version still becoming Active (Tencent) may be the one we just made.
            const { status, ...anyStatus } = v;
            if (status === 'PublishFailed')
                continue;
            if (isSameVersion(anyStatus, sha256Hex, settings))
                out.push(v);
        }
        return out;
    }
    catch (error) {
        log.debug(`[${provider.region}] looking for this archive's version failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return [];
    }
}
/** Longest wait for a publish that got no answer to show up (see below). */
const MAX_GRACE_MS = 60_000;
const POLL_MS = 1000;
/**
 * Looks for a version holding this archive, published after `after`: at
 * once, then each second for up to `graceMs`.
 */
async function findPublished(provider, plan, settings, archive, after, graceMs, sleep, log) {
    const polls = Math.ceil(graceMs / POLL_MS);
    for (let i = 0;; i++) {
        const found = await sameVersionsSince(provider, plan.layerId, after, archive.sha256, settings, log);
        if (found.length > 0 || i >= polls)
            return found;
        await sleep(Math.min(POLL_MS, graceMs - i * POLL_MS));
    }
}
/**
 * Publishes with our own retries, so that a publish whose response was lost
 * (the provider committed it, the connection died) is found rather than
 * published twice; then, if concurrent runs published the same archive,
 * keeps the oldest of those versions and deletes our duplicate.
 */
async function publishSafely(provider, plan, settings, content, archive, newestBefore, log) {
    const region = provider.region;
    const sleep = plan.sleep ?? retry/* realSleep */.u;
    let mine;
    for (let attempt = 1; !mine; attempt++) {
        const started = Date.now();
        try {
            mine = await provider.publishLayer(settings, content, archive.sha256);
        }
        catch (error) {
            const retryable = error instanceof errors/* ProviderError */.mZ && error.retryable;
            if (!retryable)
                throw error;
            // No answer at all (timeout, reset): the provider may still be at
            // work on it. Give it twice as long as it already took to show the
            // version before publishing again, so a late commit is not doubled.
            const noResponse = error instanceof errors/* ProviderError */.mZ && error.httpStatus === undefined;
            const graceMs = noResponse
                ? Math.min(MAX_GRACE_MS, 2 * (Date.now() - started))
                : 0;
            const found = await findPublished(provider, plan, settings, archive, newestBefore, graceMs, sleep, log);
            if (found.length > 0) {
                mine =
                    (await provider.waitUntilUsable?.(plan.layerId, found[0].version)) ??
                        found[0];
                log.info(`[${region}] the publish response was lost, but version ${mine.version} holds this archive; using it instead of publishing again`);
                break;
            }
            if (attempt >= plan.maxAttempts)
                throw error;
            const delay = Math.min(20_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
            log.info(`[${region}] publish attempt ${attempt} of ${plan.maxAttempts} failed (${(0,errors/* errorMessage */.gJ)(error)}); retrying in ${Math.round(delay)} ms`);
            await sleep(delay);
        }
    }
    // Concurrent runs with the same content each publish; all keep the oldest.
    const same = await sameVersionsSince(provider, plan.layerId, newestBefore, archive.sha256, settings, log);
    const winner = same[0];
    if (winner && winner.version < mine.version) {
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
    return mine;
}
/** Grants read access per principal; a grant already there counts as done. */
async function share(provider, plan, result, log) {
    if (plan.shareWith.length === 0)
        return;
    const region = result.region;
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
        log.info(`[${region}] ${added ? 'shared' : 'already shared'} version ${result.version} with ${perm.label}`);
    }
}
/**
 * keep-versions: deletes what is older than the newest N. A failed delete
 * is a warning: the release itself succeeded.
 */
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
    if (plan.dryRun) {
        result.deletedVersions.push(...doomed);
        if (doomed.length > 0) {
            log.info(`[${region}] would delete versions ${doomed.join(', ')} (keep-versions: ${plan.keepVersions})`);
        }
        return;
    }
    for (const v of doomed) {
        try {
            await provider.deleteVersion(plan.layerId, v);
            result.deletedVersions.push(v);
            log.info(`[${region}] deleted version ${v} (keep-versions: ${plan.keepVersions})`);
        }
        catch (error) {
            log.warning(`[${region}] keep-versions: could not delete version ${v}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
}
/**
 * Runs `task` for every region with at most `limit` at once. Every region
 * is attempted; results keep the order of `regions`.
 */
async function forEachRegion(regions, limit, task) {
    const results = new Array(regions.length);
    let next = 0;
    const worker = async () => {
        while (next < regions.length) {
            const i = next++;
            results[i] = await task(regions[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, regions.length) }, worker));
    return results;
}
/** Publishes to every region (bounded parallelism), creating each region's provider. */
async function publishAll(regions, makeProvider, archive, plan, log, concurrency = 4) {
    return forEachRegion(regions, concurrency, async (region) => {
        let provider;
        try {
            provider = await makeProvider(region);
        }
        catch (error) {
            return { ...emptyResult(region, plan), error: (0,errors/* errorMessage */.gJ)(error) };
        }
        return publishRegion(provider, archive, plan, log);
    });
}

;// CONCATENATED MODULE: ./src/summary.ts

/** The archive's SHA-256 in the provider's own form. */
function providerSha(provider, sha256Hex) {
    return provider === 'aws'
        ? Buffer.from(sha256Hex, 'hex').toString('base64')
        : sha256Hex;
}
/** Every output of action.yml; scalar ones come from the first region listed. */
function buildOutputs(archive, results, ctx) {
    const first = results[0];
    return {
        'layer-version': first?.version != null ? String(first.version) : '',
        'layer-arn': first?.layerArn ?? '',
        'layer-version-arn': first?.layerVersionArn ?? '',
        'code-sha256': first?.codeSha256 || providerSha(ctx.provider, archive.sha256),
        'archive-sha256': archive.sha256,
        'code-size': String(archive.size),
        'unzipped-size': String(archive.unzippedSize),
        published: String(first?.published ?? false),
        'archive-path': archive.path,
        results: JSON.stringify(results)
    };
}
const STATUS_LABEL = {
    published: '✅ published',
    unchanged: '⏸️ unchanged',
    planned: '📝 planned (dry run)',
    failed: '❌ failed'
};
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
/** The job summary as Markdown: one row per region, then the archive's facts. */
function buildSummary(archive, results, ctx) {
    const lines = [];
    const provider = ctx.provider === 'aws' ? 'AWS Lambda' : 'Tencent Cloud SCF';
    lines.push(`### publish-layer: \`${ctx.layerName}\` on ${provider}`);
    lines.push('');
    if (ctx.dryRun) {
        lines.push('> Dry run: nothing was written. This is the plan.');
        lines.push('');
    }
    lines.push(`| Region | Version | ${ctx.provider === 'aws' ? 'Layer version ARN' : 'Layer'} | Status | Size | Storage |`);
    lines.push('|---|---|---|---|---|---|');
    for (const r of results) {
        const id = ctx.provider === 'aws'
            ? r.layerVersionArn || '—'
            : r.version != null
                ? `${r.layerName}:${r.version}`
                : r.layerName;
        lines.push(`| ${cell(r.region)} | ${r.version ?? '—'} | \`${cell(id)}\` | ${STATUS_LABEL[r.status]} | ${formatBytes(archive.size)} | ${cell(r.storage || '—')} |`);
    }
    lines.push('');
    const notes = results.flatMap((r) => {
        const bits = [];
        const verb = ctx.dryRun ? 'would ' : '';
        if (r.sharedWith.length > 0) {
            bits.push(`${verb}${ctx.dryRun ? 'share' : 'shared'} with ${r.sharedWith.join(', ')}`);
        }
        if (r.deletedVersions.length > 0) {
            bits.push(`${verb}${ctx.dryRun ? 'delete' : 'deleted'} version${r.deletedVersions.length > 1 ? 's' : ''} ${r.deletedVersions.join(', ')}`);
        }
        return bits.length > 0 ? [`- \`${r.region}\`: ${bits.join('; ')}`] : [];
    });
    if (notes.length > 0) {
        lines.push(...notes);
        lines.push('');
    }
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
        lines.push('**Failures**');
        lines.push('');
        for (const r of failed)
            lines.push(`- \`${r.region}\`: ${cell(r.error)}`);
        lines.push('');
    }
    lines.push('<details><summary>Archive</summary>');
    lines.push('');
    lines.push('| | |');
    lines.push('|---|---|');
    lines.push(`| SHA-256 | \`${archive.sha256}\` |`);
    lines.push(`| Code SHA-256 (${ctx.provider === 'aws' ? 'base64' : 'hex'}) | \`${providerSha(ctx.provider, archive.sha256)}\` |`);
    lines.push(`| Size | ${formatBytes(archive.size)} (${archive.size.toLocaleString('en-US')} bytes) |`);
    lines.push(`| Unzipped | ${formatBytes(archive.unzippedSize)} (${archive.unzippedSize.toLocaleString('en-US')} bytes) |`);
    lines.push(`| Entries | ${archive.entryCount.toLocaleString('en-US')} |`);
    if (archive.path === '') {
        lines.push('| Built | no: the newest version was built from these very files (its archive carries their fingerprint) |');
    }
    lines.push('');
    lines.push('</details>');
    if (ctx.runUrl || ctx.commit) {
        lines.push('');
        const bits = [];
        if (ctx.commit)
            bits.push(`commit \`${ctx.commit.slice(0, 12)}\``);
        if (ctx.runUrl)
            bits.push(`[workflow run](${ctx.runUrl})`);
        lines.push(`<sub>From ${bits.join(', ')}.</sub>`);
    }
    lines.push('');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * Orchestration only: inputs → package → plan → publish per region →
 * outputs and summary. The one place that talks to @actions/core for
 * outputs and failure.
 */











const USER_AGENT = 'publish-layer/0.1.0';
const coreLogger = {
    info: (m) => core/* info */.pq(m),
    warning: (m) => core/* warning */.$e(m),
    debug: (m) => core/* debug */.Yz(m)
};
/** Timeouts can be shortened for fault tests; a bad value is an error, not a default. */
function envMs(env, name, def) {
    const raw = env[name];
    if (raw === undefined || raw === '')
        return def;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
        throw new Error(`Environment variable ${name} must be a positive whole number of milliseconds, got '${raw}'`);
    }
    return Number(raw);
}
async function readSource(inputs, log) {
    // Loaded here, not at start-up: a run that fails on its inputs never pays for it.
    const { inspectZip, selectFiles } = await Promise.all(/* import() */[__webpack_require__.e(377), __webpack_require__.e(580)]).then(__webpack_require__.bind(__webpack_require__, 3580));
    if (inputs.source.kind === 'zip') {
        const archive = await inspectZip(inputs.source.zipFile);
        log.info(`Using ${inputs.source.zipFile} as is: ${archive.entryCount} entries`);
        return { kind: 'zip', archive };
    }
    const entries = await selectFiles({
        patterns: inputs.source.patterns,
        baseDirectory: inputs.source.baseDirectory,
        prefix: inputs.source.prefix,
        symlinks: inputs.source.symlinks
    });
    return { kind: 'files', entries };
}
async function buildArchive(inputs, entries, log) {
    const { writeZip } = await Promise.all(/* import() */[__webpack_require__.e(377), __webpack_require__.e(580)]).then(__webpack_require__.bind(__webpack_require__, 3580));
    const dir = (0,external_node_path_.join)(inputs.runnerTemp, 'publish-layer');
    await (0,promises_.mkdir)(dir, { recursive: true });
    const out = (0,external_node_path_.join)(dir, `${inputs.layerName}.zip`);
    log.info(`Packaging ${entries.length} files from ${inputs.source.kind === 'paths' ? inputs.source.baseDirectory : ''}`);
    return writeZip(entries, out);
}
/**
 * Whether to look for the archive among existing versions before building
 * it: not when it might break a size rule, since those input errors must
 * come before any call. `bound` is at least the real archive's size, and
 * every rule fails only what is too big, so passing with it is passing.
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
function describe(a) {
    core/* info */.pq(`Archive ${a.path}: ${formatBytes(a.size)} (${a.entryCount} entries, ${formatBytes(a.unzippedSize)} unzipped), sha256 ${a.sha256}`);
    return a;
}
async function run(deps = {}) {
    const env = deps.env ?? process.env;
    const read = deps.read ?? envInputReader(env);
    const makeProvider = deps.createProvider ?? createProvider;
    try {
        // Mask first, so that no later failure can echo a secret.
        for (const secret of secretValues(read, env))
            core/* setSecret */.Pq(secret);
        const inputs = readInputs(read, { env });
        if (inputs.provider === 'aws' && inputs.compatibleRuntimes.length > 0) {
            // Validated against the SDK's own enum, loaded only when needed.
            readInputs(read, { env, awsRuntimes: await loadAwsRuntimes() });
        }
        for (const w of inputs.warnings)
            core/* warning */.$e(w);
        const plan = {
            provider: inputs.provider,
            layerId: inputs.layerId,
            layerName: inputs.layerName,
            settings: {
                layerName: inputs.layerId,
                compatibleRuntimes: inputs.compatibleRuntimes,
                compatibleArchitectures: inputs.compatibleArchitectures,
                description: inputs.description,
                licenseInfo: inputs.licenseInfo,
                tags: inputs.tags
            },
            ...(inputs.bucket !== undefined && { bucket: inputs.bucket }),
            objectPrefix: inputs.objectPrefix,
            upload: inputs.upload,
            deleteObject: inputs.deleteObject,
            skipUnchanged: inputs.skipUnchanged,
            dryRun: inputs.dryRun,
            shareWith: inputs.shareWith,
            keepVersions: inputs.keepVersions,
            maxAttempts: inputs.maxAttempts
        };
        const requestTimeoutMs = envMs(env, 'PUBLISH_LAYER_REQUEST_TIMEOUT_MS', 120_000);
        const connectTimeoutMs = envMs(env, 'PUBLISH_LAYER_CONNECT_TIMEOUT_MS', 10_000);
        const made = new Map();
        const providerFor = (region) => {
            let p = made.get(region);
            if (!p) {
                p = makeProvider({
                    provider: inputs.provider,
                    region,
                    maxAttempts: inputs.maxAttempts,
                    waitTimeoutSeconds: inputs.waitTimeoutSeconds,
                    requestTimeoutMs,
                    connectTimeoutMs,
                    userAgent: USER_AGENT,
                    ...(inputs.endpointUrl !== undefined && {
                        endpointUrl: inputs.endpointUrl
                    }),
                    ...(inputs.storageEndpointUrl !== undefined && {
                        storageEndpointUrl: inputs.storageEndpointUrl
                    }),
                    ...(inputs.tencentCredentials !== undefined && {
                        tencentCredentials: inputs.tencentCredentials
                    })
                }, coreLogger);
                made.set(region, p);
            }
            return p;
        };
        // Set when the newest versions were read before packaging: the region
        // runs start from those answers.
        let readProviders;
        const archive = await core/* group */.Os('Package', async () => {
            const source = await readSource(inputs, coreLogger);
            if (source.kind === 'zip')
                return describe(source.archive);
            const { digestFiles, maxArchiveSize } = await Promise.all(/* import() */[__webpack_require__.e(377), __webpack_require__.e(580)]).then(__webpack_require__.bind(__webpack_require__, 3580));
            const { entries } = source;
            // All the archive will be but its bytes; its size is a bound.
            const listed = {
                path: '',
                size: maxArchiveSize(entries),
                sha256: '',
                unzippedSize: entries.reduce((n, e) => n + e.size, 0),
                entryCount: entries.length,
                names: entries.map((e) => e.name)
            };
            if (inputs.skipUnchanged && passesPreflight(listed, plan)) {
                try {
                    const recorded = await Promise.all(inputs.regions.map(async (r) => recordReads(await providerFor(r))));
                    const providers = recorded.map((r) => r.provider);
                    const known = await findBuiltArchive(providers, plan, () => digestFiles(entries), deps.fetchTail ?? httpTailFetcher(requestTimeoutMs), coreLogger);
                    // Whatever was found, each region's run starts from these reads.
                    for (const r of recorded)
                        r.replay();
                    readProviders = new Map(providers.map((p) => [p.region, p]));
                    if (known) {
                        core/* info */.pq(`The newest version in ${inputs.regions.length === 1 ? inputs.regions[0] : `each of ${inputs.regions.length} regions`} was built from these very ${entries.length} files (fingerprint in its archive): not packaging them again. Archive sha256 ${known.sha256}, ${formatBytes(known.size)}`);
                        return { ...listed, size: known.size, sha256: known.sha256 };
                    }
                }
                catch (error) {
                    // The region runs below report a provider that cannot be made.
                    core/* debug */.Yz(`skip check before packaging: ${(0,errors/* errorMessage */.gJ)(error)}`);
                }
            }
            return describe(await buildArchive(inputs, entries, coreLogger));
        });
        preflight(archive, plan);
        for (const w of layoutWarnings(inputs.provider, inputs.compatibleRuntimes, archive.names)) {
            core/* warning */.$e(w);
        }
        const providerName = inputs.provider === 'aws' ? 'AWS Lambda' : 'Tencent Cloud SCF';
        const results = await core/* group */.Os(`Publish to ${providerName} (${inputs.regions.join(', ')}), ${needsUpload(archive.size, plan.upload, providers_rules/* PROVIDER_RULES */.k[plan.provider].maxInlineBytes) ? 'via object storage' : 'inline'}`, () => publishAll(inputs.regions, async (region) => readProviders?.get(region) ?? providerFor(region), archive, plan, coreLogger));
        const ctx = {
            provider: inputs.provider,
            layerName: inputs.layerName,
            dryRun: inputs.dryRun,
            ...(env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
                ? {
                    runUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
                }
                : {}),
            ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {})
        };
        for (const [name, value] of Object.entries(buildOutputs(archive, results, ctx))) {
            core/* setOutput */.uH(name, value);
        }
        if (env.GITHUB_STEP_SUMMARY) {
            await core/* summary */.z.addRaw(buildSummary(archive, results, ctx)).write();
        }
        const failed = results.filter((r) => r.status === 'failed');
        if (failed.length > 0) {
            const lines = failed.map((r) => `${r.region}: ${r.error}`);
            throw new Error(failed.length === 1 && results.length === 1
                ? lines[0]
                : `Publishing failed in ${failed.length} of ${results.length} regions:\n${lines.join('\n')}`);
        }
    }
    catch (error) {
        core/* setFailed */.C1((0,errors/* errorMessage */.gJ)(error));
        if (error instanceof Error && !(error instanceof errors/* InputError */.dz)) {
            core/* debug */.Yz(error.stack ?? '');
        }
    }
}


/***/ }),

/***/ 8080:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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

/***/ 4221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ TENCENT_KNOWN_RUNTIMES),
/* harmony export */   k: () => (/* binding */ PROVIDER_RULES)
/* harmony export */ });
const MiB = 1024 * 1024;
const PROVIDER_RULES = {
    aws: {
        displayName: 'AWS Lambda',
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
        supportsSharing: true,
        supportsTags: false
    },
    tencent: {
        displayName: 'Tencent Cloud SCF',
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
        // The TC3 request cap is 10 MiB of base64 JSON; 6 MiB raw leaves headroom.
        maxInlineBytes: 6 * MiB,
        maxUnzippedBytes: 500 * MiB,
        bucket: {
            pattern: /^[a-z0-9][a-z0-9-]{0,48}-\d{6,12}$/,
            rule: 'must be a COS bucket name of the form name-appid, e.g. my-layers-1250000000'
        },
        supportsSharing: false,
        supportsTags: true
    }
};
/** Runtime names SCF documents; others only warn (SCF adds runtimes often). */
const TENCENT_KNOWN_RUNTIMES = [
    'Python2.7',
    'Python3.6',
    'Python3.7',
    'Python3.9',
    'Python3.10',
    'Python3.11',
    'Python3.12',
    'Nodejs6.10',
    'Nodejs8.9',
    'Nodejs10.15',
    'Nodejs12.16',
    'Nodejs14.18',
    'Nodejs16.13',
    'Nodejs18.15',
    'Nodejs20.x',
    'Php5.6',
    'Php7',
    'Php7.4',
    'Php8.0',
    'Go1',
    'Java8',
    'Java11',
    'CustomRuntime'
];


/***/ }),

/***/ 9809:
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

//# sourceMappingURL=740.index.js.map