export const id = 594;
export const ids = [594];
export const modules = {

/***/ 1885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ lookup)
/* harmony export */ });
function codeMatches(codes, code) {
    if (code === undefined)
        return false;
    return codes.some((c) => c.endsWith('.*')
        ? code === c.slice(0, -2) || code.startsWith(c.slice(0, -1))
        : code === c);
}
/** The first row that answers the failure, if any. */
function lookup(table, c) {
    return table.find((row) => (row.codes === undefined || codeMatches(row.codes, c.code)) &&
        (row.when === undefined || row.when(c)));
}


/***/ }),

/***/ 7850:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ networkFailure)
/* harmony export */ });
/**
 * The one list of network failures, for both providers: a call that got no
 * HTTP answer at all. Whether it took effect is unknown, so it is worth
 * another attempt (and, for a write, a look for what it may have done).
 */
/** Node's codes for a connection that closed or was refused without an answer. */
const CLOSED_CODES = ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED'];
/** Node's codes for a connection that got no answer in time or no address. */
const NO_ANSWER_CODES = ['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN'];
/**
 * The same failures as SDKs word them when they keep only a message (the SCF
 * SDK's node-fetch: "request to ... failed, reason: socket hang up").
 */
const CLOSED_TEXT = /socket hang up|request to .* failed|ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|EAI_AGAIN/i;
const TIMEOUT_TEXT = /timed? ?out|ETIMEDOUT|ESOCKETTIMEDOUT/i;
/**
 * How a call failed without an answer, from Node's error code and the
 * error's text; undefined when the failure is not a network one.
 */
function networkFailure(code, text) {
    if (code !== undefined && CLOSED_CODES.includes(code))
        return 'closed';
    if (code !== undefined && NO_ANSWER_CODES.includes(code))
        return 'timeout';
    if (CLOSED_TEXT.test(text))
        return 'closed';
    if (TIMEOUT_TEXT.test(text))
        return 'timeout';
    return undefined;
}


/***/ }),

/***/ 2594:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createTencentProvider: () => (/* reexport */ createTencentProvider)
});

// UNUSED EXPORTS: COS_SDK_TRIES, TENCENT_PART_SIZE, TENCENT_UPLOAD_CONCURRENCY, TencentFunctions, TencentLayerProvider, cosApi, cosBucketName, cosEndpointOptions, functionState, isRetryableTencentError, scfEndpoint, toProviderError

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/util/retry.ts
var retry = __webpack_require__(4266);
// EXTERNAL MODULE: ./src/providers/error-table.ts
var error_table = __webpack_require__(1885);
// EXTERNAL MODULE: ./src/providers/network-errors.ts
var network_errors = __webpack_require__(7850);
// EXTERNAL MODULE: ./src/providers/rules.ts
var rules = __webpack_require__(4221);
;// CONCATENATED MODULE: ./src/providers/tencent/errors.ts
/**
 * Tencent error table: SCF and COS error code → message with a hint, kind
 * and whether another attempt may help. Messages say what to do next.
 */




/** The CAM action each call needs, for access-denied messages. */
const CAM_ACTION = {
    PublishLayerVersion: 'name/scf:PublishLayerVersion',
    GetLayerVersion: 'name/scf:GetLayerVersion',
    ListLayerVersions: 'name/scf:ListLayerVersions',
    DeleteLayerVersion: 'name/scf:DeleteLayerVersion',
    HeadObject: 'name/cos:HeadObject',
    ListMultipartUploads: 'name/cos:ListMultipartUploads',
    InitiateMultipartUpload: 'name/cos:InitiateMultipartUpload',
    UploadPart: 'name/cos:UploadPart',
    CompleteMultipartUpload: 'name/cos:CompleteMultipartUpload',
    AbortMultipartUpload: 'name/cos:AbortMultipartUpload',
    DeleteObject: 'name/cos:DeleteObject',
    GetFunction: 'name/scf:GetFunction',
    UpdateFunctionConfiguration: 'name/scf:UpdateFunctionConfiguration'
};
const isCos = (operation) => CAM_ACTION[operation]?.includes('/cos:');
const MiB = 1024 * 1024;
const after = (f) => (f.detail.attempts ?? 0) > 1 ? ` after ${f.detail.attempts} attempts` : '';
const cosUnreadable = (f) => `SCF could not read the archive from COS (${f.detail.bucket ?? 'bucket'}/${f.detail.key ?? 'key'}): the bucket must exist in ${f.region}, the layer's region, and hold the object. (${f.raw})`;
const accessDenied = (f) => `access denied: the credentials need the CAM permission ${f.cam}${f.service === 'COS' ? ` on ${f.bucket}` : ''} (see README, Permissions). (${f.raw})`;
const COS_CODES = [
    'InvalidParameterValue.Cos',
    'InvalidParameterValue.CosBucketName',
    'InvalidParameterValue.CosBucketRegion',
    'InvalidParameterValue.CosObjectName'
];
/** First matching row wins. */
const TENCENT_ERRORS = [
    {
        codes: ['AccessDenied'],
        when: (f) => /Request has expired/i.test(f.raw),
        message: (f) => `COS refused the request as expired; check the runner's clock. (${f.raw})`
    },
    {
        codes: ['LimitExceeded.LayerVersions'],
        message: (f) => `layer ${f.detail.layerName ? `'${f.detail.layerName}' ` : ''}already has the most versions SCF keeps per layer (200) in ${f.region}. Delete old versions, e.g. set 'keep-versions' (such as 50) so each run prunes them, then run again. (${f.raw})`
    },
    {
        codes: ['LimitExceeded.Layers'],
        message: (f) => `${f.region} already has the most layers SCF allows per region (20 by default). Reuse an existing layer name or delete unused layers. (${f.raw})`
    },
    {
        codes: [
            'UnauthorizedOperation.CAM',
            'AuthFailure.UnauthorizedOperation',
            'UnauthorizedOperation',
            'AccessDenied'
        ],
        kind: 'access-denied',
        message: accessDenied
    },
    {
        // COS answers a denied HEAD with a bare 403.
        when: (f) => f.service === 'COS' && f.status === 403 && !f.code,
        kind: 'access-denied',
        message: accessDenied
    },
    {
        codes: [
            'AuthFailure.SecretIdNotFound',
            'AuthFailure.InvalidSecretId',
            'InvalidAccessKeyId'
        ],
        message: (f) => `the SecretId is not known to Tencent Cloud: check 'tencent-secret-id' (TENCENTCLOUD_SECRET_ID) and that the key is enabled. (${f.raw})`
    },
    {
        codes: ['AuthFailure.SignatureFailure', 'SignatureDoesNotMatch'],
        message: (f) => `the request signature was rejected: check that 'tencent-secret-key' (TENCENTCLOUD_SECRET_KEY) belongs to the SecretId. (${f.raw})`
    },
    {
        codes: ['AuthFailure.SignatureExpire'],
        message: (f) => `the request was signed with a clock more than 5 minutes off; check the runner's clock. (${f.raw})`
    },
    {
        codes: ['AuthFailure.TokenFailure'],
        message: (f) => `the session token was rejected or has expired: refresh 'tencent-session-token' (TENCENTCLOUD_SESSION_TOKEN). (${f.raw})`
    },
    {
        codes: ['RequestSizeLimitExceeded'],
        message: (f) => `the inline archive made the request larger than SCF's 10 MB cap; archives above ${rules/* PROVIDER_RULES */.k.tencent.maxInlineBytes / MiB} MiB go through COS, so this is a bug worth reporting. (${f.raw})`
    },
    {
        codes: ['NoSuchBucket'],
        kind: 'not-found',
        message: (f) => `bucket ${f.bucket} does not exist in ${f.region}. Create it there or fix 'bucket' (COS names are name-appid, and the bucket must be in the layer's region; use {region} for several regions).`
    },
    {
        // SCF could not read the uploaded archive: the object is gone.
        codes: COS_CODES,
        when: (f) => /Cos object .* does not exist|NoSuchKey|NoSuchObject/i.test(f.raw),
        kind: 'object-missing',
        message: cosUnreadable
    },
    { codes: COS_CODES, message: cosUnreadable },
    {
        codes: ['RequestLimitExceeded.*', 'SlowDown'],
        kind: 'throttled',
        retryable: true,
        message: (f) => `throttled by ${f.service}${after(f)}; raise 'max-attempts' or publish to fewer regions at once. (${f.raw})`
    },
    {
        // Not retried: the version stays, and retention reports it as kept.
        codes: ['ResourceInUse.LayerVersion'],
        kind: 'in-use',
        message: (f) => `the version is still bound to a function, so SCF keeps it. (${f.raw})`
    },
    {
        // Publish: another version of the layer is still Publishing.
        codes: ['ResourceInUse', 'ResourceInUse.Function'],
        kind: 'conflict',
        retryable: true,
        message: (f) => `${f.detail.layerName ? `layer '${f.detail.layerName}'` : 'the resource'} was still busy with another change${after(f)} (ResourceInUse); run again once it is Active, or raise 'max-attempts'. (${f.raw})`
    },
    {
        // An update while the function is still Updating (a repeat after a lost
        // answer): the function policy waits, reads again and decides.
        codes: ['FailedOperation.UpdateFunctionConfiguration'],
        kind: 'conflict',
        message: (f) => `the function was still changing. (${f.raw})`
    },
    {
        codes: ['FailedOperation.OperationConflict'],
        kind: 'conflict',
        retryable: true,
        message: (f) => `SCF refused the call while another operation on the same resource was running${after(f)} (FailedOperation.OperationConflict); run again, or raise 'max-attempts'. (${f.raw})`
    },
    { codes: ['InternalError.*', 'ServiceUnavailable'], retryable: true }
];
/** COS answers HEAD errors without a body; the SDK then uses the status. */
function codeOf(e) {
    const code = e.error?.Code ?? e.code;
    return code === '' || (code !== undefined && /^\d+$/.test(code))
        ? undefined
        : code;
}
function failureOf(e, code, raw, operation, region, detail) {
    const service = isCos(operation) ? 'cos' : 'scf';
    return {
        code,
        raw,
        status: e.httpCode ?? e.statusCode,
        region,
        service: service.toUpperCase(),
        cam: CAM_ACTION[operation] ?? `name/${service}:${operation}`,
        bucket: detail.bucket ? `'${detail.bucket}'` : 'the bucket',
        detail
    };
}
/** True for failures a later attempt may not see. */
function isRetryableTencentError(error) {
    if (error instanceof errors/* ProviderError */.mZ)
        return error.retryable;
    const e = (error ?? {});
    const code = e.error?.Code ?? e.code;
    const status = e.httpCode ?? e.statusCode;
    const f = failureOf(e, code, e.message ?? '', '', '', {});
    if ((0,error_table/* lookup */.$)(TENCENT_ERRORS, f)?.retryable)
        return true;
    if (status !== undefined)
        return status >= 500 || status === 429;
    // No HTTP answer at all: a network failure (the SCF SDK keeps only the
    // message; COS keeps Node's code).
    return (0,network_errors/* networkFailure */.r)(code, `${code ?? ''} ${e.message ?? ''}`) !== undefined;
}
/**
 * True when the call was refused before doing anything (throttled, or the
 * resource busy), so even a non-idempotent call may be repeated.
 */
function wasRefused(error) {
    const e = (error ?? {});
    const code = e.error?.Code ?? e.code ?? '';
    return /^(RequestLimitExceeded(\..*)?|SlowDown|ResourceInUse|FailedOperation\.OperationConflict)$/.test(code);
}
/** Maps any SDK error to a ProviderError whose message says what to do. */
function toProviderError(error, operation, region, detail = {}, redact = (t) => t) {
    const e = (error ?? {});
    const code = codeOf(e);
    const httpStatus = e.httpCode ?? e.statusCode;
    const raw = redact(e.error?.Message ?? e.message ?? (0,errors/* errorMessage */.gJ)(error));
    const f = failureOf(e, code, raw, operation, region, detail);
    const row = (0,error_table/* lookup */.$)(TENCENT_ERRORS, f);
    const network = httpStatus === undefined &&
        (code === undefined || /^E[A-Z]+$/.test(code)) &&
        (0,network_errors/* networkFailure */.r)(code, `${code ?? ''} ${e.message ?? ''}`) !== undefined;
    let message = row?.message?.(f) ?? raw;
    if (row?.message === undefined && network) {
        message = `no answer from ${f.service}${after(f)}: ${raw}`;
    }
    else if (row?.message === undefined &&
        httpStatus !== undefined &&
        httpStatus >= 300 &&
        !code) {
        message = `${f.service} answered HTTP ${httpStatus} (${raw})`;
    }
    return new errors/* ProviderError */.mZ({
        provider: 'tencent',
        operation: `${f.service.toLowerCase()}:${operation}`,
        region,
        message: detail.context ? `${detail.context}: ${message}` : message,
        code,
        requestId: requestIdOf(e),
        httpStatus,
        retryable: detail.retryable ?? isRetryableTencentError(error),
        kind: row?.kind ?? (network ? 'no-response' : undefined),
        cause: error
    });
}
/**
 * An SCF answer that is an HTTP error has no body the SDK reads; the
 * X-TC-TraceId it keeps is then the one id to quote to support.
 */
function requestIdOf(e) {
    return (e.error?.RequestId ??
        (e.requestId || undefined) ??
        e.headers?.['x-cos-request-id'] ??
        (e.traceId || undefined));
}

;// CONCATENATED MODULE: ./src/providers/tencent/call.ts
/**
 * One SCF or COS call with our retries. Neither SDK retries SCF calls and
 * the COS SDK retries only bodiless requests, so every call goes through
 * here; failures come back as ProviderError, with secrets redacted.
 */



/**
 * The COS SDK itself tries a bodiless request (HEAD, initiate, complete,
 * abort, delete) up to 4 times on 5xx and network errors; our loop makes
 * fewer rounds of those so the total stays near 'max-attempts'. Parts are
 * sent as streams, which the SDK does not retry.
 */
const COS_SDK_TRIES = 4;
const COS_SDK_RETRIED = new Set([
    'HeadObject',
    'ListMultipartUploads',
    'InitiateMultipartUpload',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
    'DeleteObject'
]);
class TencentCaller {
    region;
    config;
    log;
    clock;
    constructor(region, config, log, clock) {
        this.region = region;
        this.config = config;
        this.log = log;
        this.clock = clock;
    }
    /** Secrets never reach a message we build, even if an SDK echoes them. */
    redact = (text) => {
        let out = text;
        for (const secret of [
            this.config.secretKey,
            this.config.sessionToken,
            this.config.secretId
        ]) {
            if (secret && secret.length >= 4)
                out = out.split(secret).join('***');
        }
        return out;
    };
    fail(error, operation, detail = {}) {
        return toProviderError(error, operation, this.region, detail, this.redact);
    }
    async call(operation, fn, options = {}) {
        const retryable = options.isRetryable ?? isRetryableTencentError;
        const isRetryable = (e) => !(e instanceof errors/* CancelledError */.cc) && retryable(e);
        const rounds = COS_SDK_RETRIED.has(operation)
            ? Math.ceil(this.config.maxAttempts / COS_SDK_TRIES)
            : this.config.maxAttempts;
        let attempts = 0;
        try {
            return await (0,retry/* retry */.L)(async (attempt) => {
                attempts = attempt;
                return await fn();
            }, {
                attempts: rounds,
                isRetryable,
                ...(options.baseDelayMs !== undefined && {
                    baseDelayMs: options.baseDelayMs
                }),
                sleep: (ms) => this.clock.sleep(ms),
                onRetry: (error, attempt, delay) => this.log.info(`[${this.region}] ${operation} attempt ${attempt} of ${rounds} failed (${this.redact((0,errors/* errorMessage */.gJ)(error))}); retrying in ${delay} ms`)
            });
        }
        catch (error) {
            if (error instanceof errors/* ProviderError */.mZ || error instanceof errors/* CancelledError */.cc) {
                throw error;
            }
            throw this.fail(error, operation, {
                ...(options.retryableAfter && {
                    retryable: options.retryableAfter(error)
                }),
                ...options.detail,
                attempts
            });
        }
    }
}

// EXTERNAL MODULE: ./node_modules/tencentcloud-sdk-nodejs-scf/tencentcloud/index.js
var tencentcloud = __webpack_require__(9439);
// EXTERNAL MODULE: ./src/providers/sha.ts
var sha = __webpack_require__(4296);
;// CONCATENATED MODULE: ./src/providers/tencent/api.ts

const realClock = { sleep: retry/* realSleep */.u, now: () => Date.now() };

;// CONCATENATED MODULE: ./src/providers/tencent/functions.ts
const DEFAULT_NAMESPACE = 'default';
/**
 * SCF function Status (cloud.tencent.com/document/product/583/115197):
 * Active takes updates; *Failed means the last create or update failed;
 * every other value (Creating, Updating, Publishing, ...) is a change in
 * progress to wait out.
 */
function functionState(r) {
    const layers = [];
    for (const l of r.Layers ?? []) {
        if (l.LayerName && typeof l.LayerVersion === 'number') {
            layers.push({ layer: l.LayerName, version: l.LayerVersion });
        }
    }
    const status = r.Status ?? '';
    // An answer without a Status has nothing in progress to wait for.
    if (status === 'Active' || status === '')
        return { layers, state: 'ready' };
    if (!status.endsWith('Failed'))
        return { layers, state: 'updating' };
    const reasons = (r.StatusReasons ?? [])
        .map((s) => [s.ErrorCode, s.ErrorMessage].filter(Boolean).join(': '))
        .filter((s) => s !== '');
    const reason = [`status ${status}`, r.StatusDesc, ...reasons]
        .filter((s) => !!s)
        .join('; ');
    return { layers, state: 'failed', reason };
}
class TencentFunctions {
    scfApi;
    caller;
    constructor(scfApi, caller) {
        this.scfApi = scfApi;
        this.caller = caller;
    }
    async getFunction(fn) {
        const r = await this.caller.call('GetFunction', () => this.scfApi.GetFunction({
            FunctionName: fn.name,
            Namespace: fn.namespace ?? DEFAULT_NAMESPACE
        }));
        return functionState(r);
    }
    /**
     * Sends the full layer list, as SCF replaces the function's layers with
     * it. SCF has no revision id: a change made by someone else between our
     * read and this update is not detectable and is overwritten. Repeating
     * the call after a lost answer sends the same list, so our retries on
     * network errors and throttling cannot make a different update.
     */
    async updateLayers(fn, layers) {
        await this.caller.call('UpdateFunctionConfiguration', () => this.scfApi.UpdateFunctionConfiguration({
            FunctionName: fn.name,
            Namespace: fn.namespace ?? DEFAULT_NAMESPACE,
            Layers: layers.map((l) => ({
                LayerName: l.layer,
                LayerVersion: l.version
            }))
        }));
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/providers/tencent/parts.ts
/**
 * The parts of one COS multipart upload: streamed from the file, a few at
 * once, each retried on its own and checked against its MD5.
 */







/** COS allows 1 MB to 5 GB per part, 10,000 parts. */
const { partSize: TENCENT_PART_SIZE, concurrency: TENCENT_UPLOAD_CONCURRENCY } = rules/* PROVIDER_RULES */.k.tencent.upload;
/**
 * Rejects with the signal's reason when it fires, and stops the bodies of
 * parts in flight then: the SDK aborts a request whose body errors.
 */
function whenCancelled(signal) {
    const bodies = new Set();
    let dispose = () => { };
    const promise = new Promise((_, reject) => {
        if (!signal)
            return;
        const onAbort = () => {
            try {
                (0,errors/* throwIfCancelled */.dZ)(signal);
            }
            catch (reason) {
                for (const body of bodies)
                    body.destroy(reason);
                reject(reason);
            }
        };
        signal.addEventListener('abort', onAbort, { once: true });
        dispose = () => signal.removeEventListener('abort', onAbort);
        if (signal.aborted)
            onAbort();
    });
    // Only a cancelled upload reads it; no unhandled rejection otherwise.
    promise.catch(() => { });
    return { promise, bodies, dispose: () => dispose() };
}
/** Counts bytes through and hashes them, to check each part's ETag. */
function md5Tap() {
    const hash = (0,external_node_crypto_.createHash)('md5');
    const tap = new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            done(null, chunk);
        }
    });
    tap.digest = () => hash.digest('hex');
    return tap;
}
/**
 * Uploads every part; after a part fails for good no new part starts, the
 * ones in flight finish, and the first failure is thrown. Cancelled, it
 * rejects at once with the signal's reason and stops the parts in flight.
 */
async function uploadParts(job) {
    const { caller, size } = job;
    const partSize = Math.max(job.partSize, Math.ceil(size / rules/* PROVIDER_RULES */.k.tencent.maxParts));
    const count = Math.max(1, Math.ceil(size / partSize));
    const loaded = new Map();
    const report = (partNumber, bytes, tell = true) => {
        loaded.set(partNumber, bytes);
        if (!tell)
            return;
        let sum = 0;
        for (const n of loaded.values())
            sum += n;
        job.onProgress?.(Math.min(sum, size), size);
    };
    let failure;
    const cancel = whenCancelled(job.signal);
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    const work = (0,concurrency/* mapLimit */.s)(numbers, TENCENT_UPLOAD_CONCURRENCY, async (partNumber) => {
        if (failure || job.signal?.aborted)
            return undefined;
        const start = (partNumber - 1) * partSize;
        const length = Math.min(partSize, size - start);
        const send = () => sendPart(job, { partNumber, start, length }, report, cancel.bodies);
        try {
            const etag = await caller.call('UploadPart', send, {
                detail: { bucket: job.where.Bucket, key: job.where.Key },
                // Once cancelled, a failed part is not sent again.
                isRetryable: (e) => !job.signal?.aborted && isRetryableTencentError(e)
            });
            return { PartNumber: partNumber, ETag: etag };
        }
        catch (error) {
            failure ??= { error };
            return undefined;
        }
    });
    const parts = await Promise.race([work, cancel.promise]).finally(cancel.dispose);
    (0,errors/* throwIfCancelled */.dZ)(job.signal);
    if (failure)
        throw failure.error;
    return parts.filter((p) => p !== undefined);
}
/** One attempt at one part; resolves to the ETag COS stored. */
async function sendPart(job, { partNumber, start, length }, report, inFlight) {
    (0,errors/* throwIfCancelled */.dZ)(job.signal);
    report(partNumber, 0, false);
    const tap = md5Tap();
    const file = (0,external_node_fs_.createReadStream)(job.archivePath, {
        start,
        end: start + length - 1
    });
    const body = file.pipe(tap);
    // A cancelled part's body is destroyed with the reason; the SDK hears it
    // through its own listener, this one keeps it from being unhandled.
    body.on('error', () => { });
    body.once('close', () => file.destroy());
    inFlight.add(body);
    const r = await job.cos
        .multipartUpload({
        ...job.where,
        UploadId: job.uploadId,
        PartNumber: partNumber,
        Body: body,
        ContentLength: length,
        onProgress: (p) => report(partNumber, p.loaded)
    })
        .finally(() => inFlight.delete(body));
    const got = (r.ETag ?? '').replace(/"/g, '').toLowerCase();
    const sent = tap.digest();
    if (got !== sent) {
        throw new errors/* ProviderError */.mZ({
            provider: 'tencent',
            operation: 'cos:UploadPart',
            region: job.caller.region,
            code: 'BadDigest',
            message: `COS stored part ${partNumber} with ETag ${got || '(none)'}, but its MD5 is ${sent}`,
            retryable: true
        });
    }
    report(partNumber, length);
    return r.ETag;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/providers/tencent/upload.ts
/**
 * COS side of the Tencent adapter: the archive goes up as a multipart
 * upload keyed by content, with the clean-up a lost answer or a concurrent
 * run of the same archive calls for.
 */




const cosTarget = (t) => ({
    Bucket: t.bucket,
    Region: t.region,
    Key: t.key
});
class CosUploader {
    caller;
    storage;
    /** Keys (`bucket/key`) whose InitiateMultipartUpload lost an attempt. */
    unanswered = new Set();
    constructor(caller, storage) {
        this.caller = caller;
        this.storage = storage;
    }
    get log() {
        return this.caller.log;
    }
    async upload(archivePath, target, partSize, options = {}, 
    /** Fresh uploads left after another run swept ours and the object went too. */
    restarts = 1) {
        const { onProgress, signal } = options;
        (0,errors/* throwIfCancelled */.dZ)(signal);
        const cos = await this.storage();
        const where = cosTarget(target);
        const size = (await (0,promises_.stat)(archivePath)).size;
        if (await this.alreadyThere(cos, target)) {
            onProgress?.(size, size);
            return target;
        }
        (0,errors/* throwIfCancelled */.dZ)(signal);
        const uploadId = await this.initiate(cos, target);
        try {
            // Cancelled while the upload was being started: it is aborted below.
            (0,errors/* throwIfCancelled */.dZ)(signal);
            const parts = await uploadParts({
                caller: this.caller,
                cos,
                archivePath,
                size,
                where,
                uploadId,
                partSize,
                onProgress,
                signal
            });
            await this.complete(cos, where, uploadId, parts, size);
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc) {
                await this.abort(cos, target, uploadId, true);
                throw error;
            }
            const swept = await this.afterSwept(error, cos, target, restarts);
            if (swept === 'done')
                return target;
            if (swept === 'again') {
                return this.upload(archivePath, target, partSize, options, restarts - 1);
            }
            await this.abort(cos, target, uploadId);
            throw error;
        }
        await this.sweep(cos, where, uploadId);
        return target;
    }
    /**
     * Our upload is gone (NoSuchUpload): another run uploading the same
     * archive finished first and swept it away. The content-addressed object
     * is then there, which is all that was wanted; if that run has since
     * deleted the object (delete-object), upload anew, a bounded number of
     * times.
     */
    async afterSwept(error, cos, target, restarts) {
        if (!(error instanceof errors/* ProviderError */.mZ) || error.code !== 'NoSuchUpload') {
            return undefined;
        }
        if (await this.exists(cos, cosTarget(target))) {
            this.log.info(`cos://${target.bucket}/${target.key} was completed by another run meanwhile`);
            return 'done';
        }
        if (restarts <= 0)
            return undefined;
        this.log.info(`cos://${target.bucket}/${target.key}: our upload was swept by another run and the object is gone; uploading again`);
        return 'again';
    }
    /** The key is content-addressed: an object already there holds these bytes. */
    async alreadyThere(cos, target) {
        try {
            await this.caller.call('HeadObject', () => cos.headObject(cosTarget(target)), {
                detail: { bucket: target.bucket, key: target.key },
                // 404 (no object) and 403 (no HeadObject right, which an upload does
                // not need) end the lookup; they are not worth a retry.
                isRetryable: (e) => ![403, 404].includes(Number(e.statusCode)) &&
                    isRetryableTencentError(e)
            });
        }
        catch (error) {
            const status = error instanceof errors/* ProviderError */.mZ ? error.httpStatus : undefined;
            if (status !== 404 && status !== 403)
                throw error;
            return false;
        }
        this.log.info(`cos://${target.bucket}/${target.key} already holds this archive; not uploading it again`);
        return true;
    }
    /** Starts the upload; an attempt that timed out may still start one, late. */
    async initiate(cos, target) {
        const started = this.caller.clock.now();
        const unanswered = () => this.unanswered.add(`${target.bucket}/${target.key}`);
        const init = await this.caller
            .call('InitiateMultipartUpload', () => cos.multipartInit({
            ...cosTarget(target),
            ContentType: 'application/zip'
        }), { detail: { bucket: target.bucket, key: target.key } })
            .catch((error) => {
            unanswered();
            throw error;
        });
        const timeoutMs = (this.caller.config.requestTimeoutSeconds ?? 60) * 1000;
        if (this.caller.clock.now() - started >= timeoutMs)
            unanswered();
        return init.UploadId;
    }
    exists(cos, where) {
        return cos.headObject(where).then(() => true, () => false);
    }
    /**
     * Parts of an unfinished upload are billed until aborted. On cancellation
     * one attempt only (the SDK's own tries aside): the step must exit within
     * seconds, and a re-run's sweep aborts what is left.
     */
    async abort(cos, target, uploadId, once = false) {
        try {
            await this.caller.call('AbortMultipartUpload', () => cos.multipartAbort({ ...cosTarget(target), UploadId: uploadId }), {
                detail: { bucket: target.bucket, key: target.key },
                ...(once && { isRetryable: () => false })
            });
        }
        catch (abortError) {
            this.log.warning(`could not abort multipart upload ${uploadId} of cos://${target.bucket}/${target.key}; its parts stay billed until a lifecycle rule or 'coscli abort' removes them: ${(0,errors/* errorMessage */.gJ)(abortError)}`);
        }
    }
    async complete(cos, where, uploadId, parts, size) {
        try {
            await this.caller.call('CompleteMultipartUpload', () => cos.multipartComplete({ ...where, UploadId: uploadId, Parts: parts }), { detail: { bucket: where.Bucket, key: where.Key } });
        }
        catch (error) {
            // A retry after a lost answer finds the upload already completed.
            if (error instanceof errors/* ProviderError */.mZ && error.code === 'NoSuchUpload') {
                const head = await cos.headObject(where).catch(() => undefined);
                if (head) {
                    this.log.debug(`multipart upload ${uploadId} was already completed (${size} bytes)`);
                    return;
                }
            }
            throw error;
        }
    }
    async sweepUploads(target) {
        if (!this.unanswered.has(`${target.bucket}/${target.key}`))
            return;
        await this.sweep(await this.storage(), cosTarget(target), '');
    }
    /**
     * Aborts other unfinished uploads of this key: an InitiateMultipartUpload
     * whose answer was lost (the SDK retries it itself) or an earlier failed
     * run leaves one, billed until aborted. Once the object exists they hold
     * nothing anyone needs; a concurrent run of the same archive that loses
     * its upload finds the object and succeeds. Best effort.
     */
    async sweep(cos, where, ours) {
        try {
            const listed = await this.caller.call('ListMultipartUploads', () => cos.multipartList({
                Bucket: where.Bucket,
                Region: where.Region,
                Prefix: where.Key
            }));
            const stale = (listed.Upload ?? []).filter((u) => u.Key === where.Key && u.UploadId && u.UploadId !== ours);
            for (const u of stale) {
                await this.caller.call('AbortMultipartUpload', () => cos.multipartAbort({ ...where, UploadId: u.UploadId ?? '' }));
            }
            if (stale.length > 0) {
                this.log.info(`aborted ${stale.length} unfinished multipart upload(s) of cos://${where.Bucket}/${where.Key}`);
            }
        }
        catch (error) {
            this.log.debug(`could not look for unfinished uploads of ${where.Key}: ${this.caller.redact((0,errors/* errorMessage */.gJ)(error))}`);
        }
    }
    async deleteObject(location) {
        const cos = await this.storage();
        await this.caller.call('DeleteObject', () => cos.deleteObject(cosTarget(location)), { detail: { bucket: location.bucket, key: location.key } });
    }
}

;// CONCATENATED MODULE: ./src/providers/tencent/wait-active.ts
/**
 * SCF publishes asynchronously: a new version is Publishing until it turns
 * Active (usable) or PublishFailed. This polls until it settles.
 */

/** Poll GetLayerVersion every 1 s at first, backing off to 5 s. */
const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 5000;
const waitError = (ctx, operation, code, message) => new errors/* ProviderError */.mZ({
    provider: 'tencent',
    operation: `scf:${operation}`,
    region: ctx.region,
    code,
    message
});
/**
 * Polls until Active; PublishFailed and the wait-timeout are errors.
 * `justPublished`: the version was created by this call, so not finding
 * it yet is read-after-write lag, not a deleted version.
 */
async function waitActive(ctx, name, version, justPublished = false) {
    const deadline = ctx.clock.now() + ctx.waitTimeoutSeconds * 1000;
    let delay = POLL_FIRST_MS;
    for (;;) {
        const current = await readStatus(ctx, name, version, justPublished);
        const status = current?.status ?? '';
        if (current && status === 'Active')
            return current;
        if (status === 'PublishFailed') {
            throw await publishFailed(ctx, name, version);
        }
        if (status !== 'Publishing' && status !== '') {
            throw waitError(ctx, 'GetLayerVersion', 'UnexpectedStatus', `${name} version ${version} went to status ${status} while waiting for Active`);
        }
        const left = deadline - ctx.clock.now();
        if (left <= 0) {
            throw waitError(ctx, 'GetLayerVersion', 'WaitTimeout', `${name} version ${version} is still ${current ? status || 'Publishing' : 'not readable (ResourceNotFound.LayerVersion)'} after ${ctx.waitTimeoutSeconds} s; raise 'wait-timeout' or check the layer in the SCF console`);
        }
        ctx.debug(`[${ctx.region}] ${name} version ${version} is ${status || 'Publishing'}; checking again in ${Math.min(delay, left)} ms`);
        await ctx.clock.sleep(Math.min(delay, left));
        delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5));
    }
}
/**
 * Right after PublishLayerVersion, GetLayerVersion may briefly answer
 * ResourceNotFound.LayerVersion (reads lag writes; Tencent's own toolkit
 * keeps polling through errors). Undefined then: keep waiting, within
 * wait-timeout, rather than fail a publish that worked.
 */
async function readStatus(ctx, name, version, justPublished) {
    try {
        return await ctx.getVersion(name, version, {
            // The version exists; publishing again would not help.
            retryable: false,
            context: `version ${version} of ${name} was published, but its status could not be read`
        });
    }
    catch (error) {
        if (justPublished &&
            error instanceof errors/* ProviderError */.mZ &&
            error.code === 'ResourceNotFound.LayerVersion') {
            ctx.debug(`[${ctx.region}] ${name} version ${version} is not readable yet`);
            return undefined;
        }
        throw error;
    }
}
/** A failed version is unusable but counts toward the 200-version cap. */
async function publishFailed(ctx, name, version) {
    let cleanup = 'it was deleted';
    try {
        await ctx.deleteVersion(name, version);
    }
    catch {
        cleanup = 'it could not be deleted and stays listed until you delete it';
    }
    return waitError(ctx, 'PublishLayerVersion', 'PublishFailed', `SCF could not publish ${name} version ${version} (status PublishFailed); ${cleanup}. Check that the archive is a valid zip and unzips to under 500 MB`);
}

;// CONCATENATED MODULE: ./src/providers/tencent/provider.ts
/**
 * The Tencent LayerProvider: SCF layer calls (API 3.0), COS (upload.ts)
 * for archives above the inline limit. PublishLayerVersion is retried here
 * only on throttling, where nothing was created, and otherwise left to
 * publish.ts, which first looks for a version a lost response created.
 */










/**
 * Versions that are going or never came: deletion is asynchronous
 * (Deleting → Deleted) and a failed one stays listed. They count neither
 * as the version to reuse nor toward keep-versions.
 */
const GONE = new Set(['Deleting', 'DeleteFailed', 'Deleted', 'PublishFailed']);
class TencentLayerProvider {
    scfApi;
    config;
    log;
    id = 'tencent';
    region;
    maxInlineBytes = rules/* PROVIDER_RULES */.k.tencent.maxInlineBytes;
    maxUnzippedBytes = rules/* PROVIDER_RULES */.k.tencent.maxUnzippedBytes;
    /** Overridable for tests; the real value is TENCENT_PART_SIZE. */
    partSize = TENCENT_PART_SIZE;
    functions;
    caller;
    uploader;
    constructor(scfApi, 
    /** COS is built only when an upload happens: most runs never need it. */
    cos, config, log, clock = realClock) {
        this.scfApi = scfApi;
        this.config = config;
        this.log = log;
        this.region = config.region;
        this.caller = new TencentCaller(config.region, config, log, clock);
        const factory = typeof cos === 'function' ? cos : async () => cos;
        let client;
        this.uploader = new CosUploader(this.caller, () => (client ??= factory()));
        this.functions = new TencentFunctions(scfApi, this.caller);
    }
    uploadArchive(archivePath, target, onProgress, signal) {
        return this.uploader.upload(archivePath, target, this.partSize, {
            ...(onProgress && { onProgress }),
            ...(signal && { signal })
        });
    }
    sweepUploads(target) {
        return this.uploader.sweepUploads(target);
    }
    deleteObject(location) {
        return this.uploader.deleteObject(location);
    }
    async publishLayer(settings, content, expectedSha256Hex) {
        const name = settings.layerName;
        const detail = {
            layerName: name,
            ...(content.kind === 'object' && {
                bucket: content.location.bucket,
                key: content.location.key
            })
        };
        const response = await this.caller.call('PublishLayerVersion', () => this.scfApi.PublishLayerVersion(publishRequest(settings, content)), {
            detail,
            // Not idempotent: only a refused call (throttled, or ResourceInUse
            // while another version of the layer is still Publishing) surely
            // created nothing.
            isRetryable: wasRefused,
            // Network errors and 5xx go back to publish.ts, which looks for a
            // version the lost answer created before trying again; refusals
            // have had all their attempts here.
            retryableAfter: (e) => !wasRefused(e) && isRetryableTencentError(e),
            // A version still Publishing takes seconds, not milliseconds.
            baseDelayMs: 1000
        });
        const version = response.LayerVersion;
        if (typeof version !== 'number') {
            throw new errors/* ProviderError */.mZ({
                provider: 'tencent',
                operation: 'scf:PublishLayerVersion',
                region: this.region,
                requestId: response.RequestId,
                message: 'SCF answered without a LayerVersion'
            });
        }
        this.log.info(`[${this.region}] published ${name} version ${version}; waiting for it to become Active`);
        const ready = await waitActive(this.waiting(), name, version, true);
        if (ready.sha256Hex !== (0,sha/* shaToHex */.B)('tencent', expectedSha256Hex)) {
            throw new errors/* ProviderError */.mZ({
                provider: 'tencent',
                operation: 'scf:GetLayerVersion',
                region: this.region,
                code: 'CodeSha256Mismatch',
                message: `SCF reports CodeSha256 ${ready.codeSha256 || '(none)'} for ${name} version ${version}, but the archive's is ${expectedSha256Hex}: the stored layer is not the archive that was built`
            });
        }
        return ready;
    }
    waitUntilUsable(layerName, version) {
        return waitActive(this.waiting(), layerName, version);
    }
    waiting() {
        return {
            region: this.region,
            waitTimeoutSeconds: this.config.waitTimeoutSeconds,
            clock: this.caller.clock,
            debug: (m) => this.log.debug(m),
            getVersion: (n, v, detail) => this.getVersion(n, v, detail),
            deleteVersion: (n, v) => this.deleteVersion(n, v)
        };
    }
    async listVersions(layerName) {
        let response;
        try {
            response = await this.caller.call('ListLayerVersions', () => this.scfApi.ListLayerVersions({ LayerName: layerName }), { detail: { layerName } });
        }
        catch (error) {
            if (error instanceof errors/* ProviderError */.mZ &&
                error.code === 'ResourceNotFound.Layer') {
                return [];
            }
            throw error;
        }
        const out = [];
        for (const v of response.LayerVersions ?? []) {
            if (typeof v.LayerVersion !== 'number')
                continue;
            if (GONE.has(v.Status ?? ''))
                continue;
            const createdDate = addTimeToIso(v.AddTime);
            out.push({
                version: v.LayerVersion,
                description: v.Description ?? '',
                ...(createdDate !== undefined && { createdDate })
            });
        }
        return out.sort((a, b) => b.version - a.version);
    }
    async getVersion(layerName, version, detail = {}) {
        const r = await this.caller.call('GetLayerVersion', () => this.scfApi.GetLayerVersion({
            LayerName: layerName,
            LayerVersion: version
        }), { detail: { layerName, ...detail } });
        return fromGet(r);
    }
    async deleteVersion(layerName, version) {
        try {
            await this.caller.call('DeleteLayerVersion', () => this.scfApi.DeleteLayerVersion({
                LayerName: layerName,
                LayerVersion: version
            }), { detail: { layerName } });
        }
        catch (error) {
            // Already gone (e.g. a retry after a lost answer): the goal is met.
            if (error instanceof errors/* ProviderError */.mZ &&
                error.code === 'ResourceNotFound.LayerVersion') {
                this.log.debug(`${layerName} version ${version} was already deleted`);
                return;
            }
            throw error;
        }
    }
}
/** COS bucket `name-appid` to SCF's CosBucketName, which omits `-appid`. */
function cosBucketName(bucket) {
    return bucket.replace(/-\d+$/, '');
}
function publishRequest(settings, content) {
    return {
        LayerName: settings.layerName,
        CompatibleRuntimes: [...settings.compatibleRuntimes],
        Content: content.kind === 'inline'
            ? { ZipFile: Buffer.from(content.zip).toString('base64') }
            : {
                CosBucketName: cosBucketName(content.location.bucket),
                CosObjectName: content.location.key.startsWith('/')
                    ? content.location.key
                    : `/${content.location.key}`,
                CosBucketRegion: content.location.region
            },
        ...(settings.description !== '' && { Description: settings.description }),
        ...(settings.licenseInfo !== '' && { LicenseInfo: settings.licenseInfo }),
        ...(Object.keys(settings.tags).length > 0 && {
            Tags: Object.entries(settings.tags).map(([Key, Value]) => ({
                Key,
                Value
            }))
        })
    };
}
/** `YYYY-MM-DD HH:mm:ss` in Beijing time, as SCF writes AddTime, to ISO. */
function addTimeToIso(addTime) {
    if (!addTime)
        return undefined;
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$/.exec(addTime);
    return m ? `${m[1]}T${m[2]}+08:00` : addTime;
}
function fromGet(r) {
    const createdDate = addTimeToIso(r.AddTime);
    return {
        version: r.LayerVersion ?? 0,
        codeSha256: r.CodeSha256 ?? '',
        sha256Hex: (0,sha/* shaToHex */.B)('tencent', r.CodeSha256 ?? ''),
        compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
        compatibleArchitectures: [],
        description: r.Description ?? '',
        licenseInfo: r.LicenseInfo ?? '',
        ...(createdDate !== undefined && { createdDate }),
        ...(r.Status !== undefined && { status: r.Status }),
        ...(r.Location && { contentUrl: r.Location })
    };
}

;// CONCATENATED MODULE: ./src/providers/tencent/client.ts
/**
 * Client set-up for Tencent Cloud: the SCF client and, on first use, COS,
 * both with the action's credentials, timeout and endpoint overrides.
 */


/** Splits `http://host:port/path` into the SCF SDK's protocol and endpoint. */
function scfEndpoint(endpoint) {
    const m = /^(https?):\/\/(.*)$/i.exec(endpoint.trim());
    const scheme = (m?.[1] ?? 'https').toLowerCase();
    const rest = (m ? (m[2] ?? '') : endpoint.trim()).replace(/\/+$/, '');
    return { protocol: `${scheme}://`, endpoint: rest };
}
/**
 * COS client options for a `storage-endpoint-url`:
 * - a Domain template (contains `{Bucket}`) is used as given;
 * - an IP address or `localhost` (emulators, proxies) gets every request,
 *   with the bucket named in the Host header as on real COS (`Ip`);
 * - any other host name is a virtual-hosted domain: `{Bucket}.<host>`.
 */
function cosEndpointOptions(storageEndpoint) {
    const trimmed = storageEndpoint.trim().replace(/\/+$/, '');
    const m = /^(https?):\/\/(.*)$/i.exec(trimmed);
    const Protocol = `${(m?.[1] ?? 'https').toLowerCase()}:`;
    const hostAndPath = m ? (m[2] ?? '') : trimmed;
    if (/\{Bucket(Name)?\}/i.test(trimmed)) {
        return { Protocol, Domain: trimmed, AutoSwitchHost: false };
    }
    const host = hostAndPath.split('/')[0] ?? '';
    const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    const literal = /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ||
        hostname.includes(':') ||
        hostname === 'localhost';
    if (literal)
        return { Protocol, Ip: host, AutoSwitchHost: false };
    return { Protocol, Domain: `{Bucket}.${host}`, AutoSwitchHost: false };
}
/** The COS calls the adapter makes, through the SDK's promise API. */
function cosApi(cos) {
    return {
        headObject: (p) => cos.headObject(p),
        multipartInit: ({ Bucket, Region, Key, ContentType }) => cos.multipartInit({
            Bucket,
            Region,
            Key,
            ...(ContentType !== undefined && { ContentType })
        }),
        multipartUpload: (p) => cos.multipartUpload(p),
        multipartComplete: (p) => cos.multipartComplete(p),
        multipartAbort: (p) => cos.multipartAbort(p),
        // The SDK's types require Delimiter, which the API does not.
        multipartList: (p) => cos.multipartList(p),
        deleteObject: (p) => cos.deleteObject(p)
    };
}
/** Builds the real clients for one region. */
function createTencentProvider(config, log) {
    const timeoutSeconds = config.requestTimeoutSeconds ?? 60;
    const http = config.endpoint ? scfEndpoint(config.endpoint) : undefined;
    const client = new tencentcloud.scf.v20180416.Client({
        credential: {
            secretId: config.secretId,
            secretKey: config.secretKey,
            ...(config.sessionToken !== undefined && { token: config.sessionToken })
        },
        region: config.region,
        profile: {
            httpProfile: {
                reqTimeout: timeoutSeconds,
                ...(http && { endpoint: http.endpoint, protocol: http.protocol })
            }
        }
    });
    const cosFactory = async () => {
        const { default: COSClient } = await __webpack_require__.e(/* import() */ 614).then(__webpack_require__.t.bind(__webpack_require__, 9614, 23));
        const cos = new COSClient({
            SecretId: config.secretId,
            SecretKey: config.secretKey,
            ...(config.sessionToken !== undefined && {
                SecurityToken: config.sessionToken
            }),
            Timeout: timeoutSeconds * 1000,
            ...(config.storageEndpoint !== undefined &&
                cosEndpointOptions(config.storageEndpoint))
        });
        return cosApi(cos);
    };
    return new TencentLayerProvider(client, cosFactory, config, log);
}

;// CONCATENATED MODULE: ./src/providers/tencent/index.ts








/***/ })

};

//# sourceMappingURL=594.index.js.map