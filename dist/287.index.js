export const id = 287;
export const ids = [287];
export const modules = {

/***/ 7287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createTencentProvider: () => (/* binding */ createTencentProvider)
/* harmony export */ });
/* unused harmony exports TENCENT_INLINE_LIMIT, TENCENT_UNZIPPED_LIMIT, TENCENT_PART_SIZE, TENCENT_UPLOAD_CONCURRENCY, COS_SDK_TRIES, isRetryableTencentError, toProviderError, cosBucketName, TencentLayerProvider, scfEndpoint, cosEndpointOptions, wrapCos */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var tencentcloud_sdk_nodejs_scf__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9439);
/* harmony import */ var tencentcloud_sdk_nodejs_scf__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(tencentcloud_sdk_nodejs_scf__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4221);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9809);
/**
 * Tencent Cloud adapter: SCF layer calls (API 3.0) and COS multipart
 * uploads. All Tencent SDK use lives here. Neither SDK retries SCF calls,
 * so every call goes through our retry loop; PublishLayerVersion is retried
 * here only on throttling, where nothing was created, and otherwise left to
 * publish.ts, which first looks for a version a lost response created.
 */








const MiB = 1024 * 1024;
/**
 * Raw zip size sent inline. Base64 makes it 8 MiB plus JSON, under the
 * 10,485,760-byte TC3 request cap (RequestSizeLimitExceeded above it).
 */
const TENCENT_INLINE_LIMIT = 6 * MiB;
/**
 * SCF: "function code before compression incl. layers 500 MB" (583/11637).
 * Whether MB means 10^6 or 2^20 bytes is not documented; the smaller reading
 * is taken, so an archive we accept is below either.
 */
// One limit for the whole action: "500 MB" read as Lambda's "250 MB" is (MiB).
const TENCENT_UNZIPPED_LIMIT = _rules_js__WEBPACK_IMPORTED_MODULE_6__/* .PROVIDER_RULES */ .k.tencent.maxUnzippedBytes;
/**
 * Multipart part size (COS allows 1 MB to 5 GB per part, 10,000 parts).
 * Parts are streamed from the file, so 4 in flight cost little memory.
 */
const TENCENT_PART_SIZE = 4 * MiB;
const TENCENT_UPLOAD_CONCURRENCY = 4;
const MAX_PARTS = 10_000;
/** Poll GetLayerVersion every 1 s at first, backing off to 5 s. */
const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 5000;
const realClock = { sleep: _retry_js__WEBPACK_IMPORTED_MODULE_7__/* .realSleep */ .u, now: () => Date.now() };
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
    DeleteObject: 'name/cos:DeleteObject'
};
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
const COS_OPERATIONS = new Set([
    'HeadObject',
    'ListMultipartUploads',
    'InitiateMultipartUpload',
    'UploadPart',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
    'DeleteObject'
]);
const NETWORK = /request to .* failed|network timeout|socket hang up|ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|EAI_AGAIN|timed? ?out/i;
/** True for failures a later attempt may not see. */
function isRetryableTencentError(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ)
        return error.retryable;
    const e = (error ?? {});
    const code = e.error?.Code ?? e.code;
    const status = e.httpCode ?? e.statusCode;
    if (code === 'RequestLimitExceeded' ||
        code?.startsWith('RequestLimitExceeded.')) {
        return true;
    }
    if (code === 'InternalError' || code?.startsWith('InternalError.'))
        return true;
    if (code === 'SlowDown' || code === 'ServiceUnavailable')
        return true;
    if (status !== undefined && (status >= 500 || status === 429))
        return true;
    if (status === undefined) {
        // No HTTP answer at all: a network failure (the SCF SDK keeps only the
        // message; COS keeps Node's code).
        return NETWORK.test(`${code ?? ''} ${e.message ?? ''}`);
    }
    return false;
}
function isThrottle(error) {
    const e = (error ?? {});
    const code = e.error?.Code ?? e.code;
    return code === 'RequestLimitExceeded' || code === 'SlowDown';
}
/** Maps any SDK error to a ProviderError whose message says what to do. */
function toProviderError(error, operation, region, detail = {}, redact = (t) => t) {
    const e = (error ?? {});
    const service = COS_OPERATIONS.has(operation) ? 'cos' : 'scf';
    let code = e.error?.Code ?? e.code;
    // COS answers HEAD errors without a body; the SDK then uses the status.
    if (code === '' || (code !== undefined && /^\d+$/.test(code))) {
        code = undefined;
    }
    const httpStatus = e.httpCode ?? e.statusCode;
    // An SCF answer that is an HTTP error has no body the SDK reads; the
    // X-TC-TraceId it keeps is then the one id to quote to support.
    const requestId = e.error?.RequestId ??
        (e.requestId || undefined) ??
        e.headers?.['x-cos-request-id'] ??
        (e.traceId || undefined);
    const network = httpStatus === undefined &&
        (code === undefined || /^E[A-Z]+$/.test(code)) &&
        NETWORK.test(`${code ?? ''} ${e.message ?? ''}`);
    const raw = redact(e.error?.Message ?? e.message ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error));
    const bucket = detail.bucket ? `'${detail.bucket}'` : 'the bucket';
    const cam = CAM_ACTION[operation] ?? `name/${service}:${operation}`;
    let message = raw;
    if (code === 'AccessDenied' && /Request has expired/i.test(raw)) {
        message = `COS refused the request as expired; check the runner's clock. (${raw})`;
    }
    else if (code === 'LimitExceeded.LayerVersions') {
        message = `layer ${detail.layerName ? `'${detail.layerName}' ` : ''}already has the most versions SCF keeps per layer (200) in ${region}. Delete old versions, e.g. set 'keep-versions' (such as 50) so each run prunes them, then run again. (${raw})`;
    }
    else if (code === 'LimitExceeded.Layers') {
        message = `${region} already has the most layers SCF allows per region (20 by default). Reuse an existing layer name or delete unused layers. (${raw})`;
    }
    else if (code === 'UnauthorizedOperation.CAM' ||
        code === 'AuthFailure.UnauthorizedOperation' ||
        code === 'UnauthorizedOperation' ||
        code === 'AccessDenied' ||
        (service === 'cos' && httpStatus === 403 && code === undefined)) {
        message = `access denied: the credentials need the CAM permission ${cam}${service === 'cos' ? ` on ${bucket}` : ''} (see README, Permissions). (${raw})`;
    }
    else if (code === 'AuthFailure.SecretIdNotFound' ||
        code === 'AuthFailure.InvalidSecretId' ||
        code === 'InvalidAccessKeyId') {
        message = `the SecretId is not known to Tencent Cloud: check 'tencent-secret-id' (TENCENTCLOUD_SECRET_ID) and that the key is enabled. (${raw})`;
    }
    else if (code === 'AuthFailure.SignatureFailure' ||
        code === 'SignatureDoesNotMatch') {
        message = `the request signature was rejected: check that 'tencent-secret-key' (TENCENTCLOUD_SECRET_KEY) belongs to the SecretId. (${raw})`;
    }
    else if (code === 'AuthFailure.SignatureExpire') {
        message = `the request was signed with a clock more than 5 minutes off; check the runner's clock. (${raw})`;
    }
    else if (code === 'AuthFailure.TokenFailure') {
        message = `the session token was rejected or has expired: refresh 'tencent-session-token' (TENCENTCLOUD_SESSION_TOKEN). (${raw})`;
    }
    else if (code === 'RequestSizeLimitExceeded') {
        message = `the inline archive made the request larger than SCF's 10 MB cap; archives above ${TENCENT_INLINE_LIMIT / MiB} MiB go through COS, so this is a bug worth reporting. (${raw})`;
    }
    else if (code === 'NoSuchBucket') {
        message = `bucket ${bucket} does not exist in ${region}. Create it there or fix 'bucket' (COS names are name-appid, and the bucket must be in the layer's region; use {region} for several regions).`;
    }
    else if (code === 'InvalidParameterValue.Cos' ||
        code === 'InvalidParameterValue.CosBucketName' ||
        code === 'InvalidParameterValue.CosBucketRegion' ||
        code === 'InvalidParameterValue.CosObjectName') {
        message = `SCF could not read the archive from COS (${detail.bucket ?? 'bucket'}/${detail.key ?? 'key'}): the bucket must exist in ${region}, the layer's region, and hold the object. (${raw})`;
    }
    else if (isThrottle(error)) {
        message = `throttled by ${service === 'cos' ? 'COS' : 'SCF'}${(detail.attempts ?? 0) > 1 ? ` after ${detail.attempts} attempts` : ''}; raise 'max-attempts' or publish to fewer regions at once. (${raw})`;
    }
    else if (network) {
        message = `no answer from ${service === 'cos' ? 'COS' : 'SCF'}${(detail.attempts ?? 0) > 1 ? ` after ${detail.attempts} attempts` : ''}: ${raw}`;
    }
    else if (httpStatus !== undefined && httpStatus >= 300 && !code) {
        message = `${service === 'cos' ? 'COS' : 'SCF'} answered HTTP ${httpStatus} (${raw})`;
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
        provider: 'tencent',
        operation: `${service}:${operation}`,
        region,
        message: detail.context ? `${detail.context}: ${message}` : message,
        code,
        requestId,
        httpStatus,
        retryable: detail.retryable ?? isRetryableTencentError(error),
        cause: error
    });
}
/** `YYYY-MM-DD HH:mm:ss` in Beijing time, as SCF writes AddTime, to ISO. */
function addTimeToIso(addTime) {
    if (!addTime)
        return undefined;
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$/.exec(addTime);
    return m ? `${m[1]}T${m[2]}+08:00` : addTime;
}
/** COS bucket `name-appid` to SCF's CosBucketName, which omits `-appid`. */
function cosBucketName(bucket) {
    return bucket.replace(/-\d+$/, '');
}
function fromGet(r) {
    const hex = (r.CodeSha256 ?? '').toLowerCase();
    const createdDate = addTimeToIso(r.AddTime);
    return {
        version: r.LayerVersion ?? 0,
        codeSha256: r.CodeSha256 ?? '',
        sha256Hex: hex,
        compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
        compatibleArchitectures: [],
        description: r.Description ?? '',
        licenseInfo: r.LicenseInfo ?? '',
        ...(createdDate !== undefined && { createdDate }),
        ...(r.Status !== undefined && { status: r.Status }),
        ...(r.Location && { contentUrl: r.Location })
    };
}
/** Counts bytes through and hashes them, to check each part's ETag. */
function md5Tap() {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
    const tap = new node_stream__WEBPACK_IMPORTED_MODULE_3__.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            done(null, chunk);
        }
    });
    tap.digest = () => hash.digest('hex');
    return tap;
}
class TencentLayerProvider {
    scfApi;
    config;
    log;
    clock;
    id = 'tencent';
    region;
    maxInlineBytes = TENCENT_INLINE_LIMIT;
    maxUnzippedBytes = TENCENT_UNZIPPED_LIMIT;
    /** Overridable for tests; the real value is TENCENT_PART_SIZE. */
    partSize = TENCENT_PART_SIZE;
    cosClient;
    constructor(scfApi, 
    /** COS is built only when an upload happens: most runs never need it. */
    cos, config, log, clock = realClock) {
        this.scfApi = scfApi;
        this.config = config;
        this.log = log;
        this.clock = clock;
        this.region = config.region;
        this.cosFactory = typeof cos === 'function' ? cos : async () => cos;
    }
    cosFactory;
    storage() {
        this.cosClient ??= this.cosFactory();
        return this.cosClient;
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
    /** One call with our retries; failures come back as ProviderError. */
    async call(operation, fn, options = {}) {
        const isRetryable = options.isRetryable ?? isRetryableTencentError;
        const rounds = COS_SDK_RETRIED.has(operation)
            ? Math.ceil(this.config.maxAttempts / COS_SDK_TRIES)
            : this.config.maxAttempts;
        let attempts = 0;
        try {
            return await (0,_retry_js__WEBPACK_IMPORTED_MODULE_7__/* .retry */ .L)(async (attempt) => {
                attempts = attempt;
                return await fn();
            }, {
                attempts: rounds,
                isRetryable,
                sleep: (ms) => this.clock.sleep(ms),
                onRetry: (error, attempt, delay) => this.log.info(`[${this.region}] ${operation} attempt ${attempt} of ${rounds} failed (${this.redact((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error))}); retrying in ${delay} ms`)
            });
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ)
                throw error;
            throw this.fail(error, operation, {
                ...(options.retryableAfter && {
                    retryable: options.retryableAfter(error)
                }),
                ...options.detail,
                attempts
            });
        }
    }
    async uploadArchive(archivePath, target, onProgress, 
    /** Fresh uploads left after another run swept ours and the object went too. */
    restarts = 1) {
        const cos = await this.storage();
        const where = {
            Bucket: target.bucket,
            Region: target.region,
            Key: target.key
        };
        const detail = { bucket: target.bucket, key: target.key };
        const size = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(archivePath)).size;
        // The key is content-addressed: an object already there holds these bytes.
        try {
            await this.call('HeadObject', () => cos.headObject(where), {
                detail,
                // 404 (no object) and 403 (no HeadObject right, which an upload does
                // not need) end the lookup; they are not worth a retry.
                isRetryable: (e) => ![403, 404].includes(Number(e.statusCode)) &&
                    isRetryableTencentError(e)
            });
            this.log.info(`cos://${target.bucket}/${target.key} already holds this archive; not uploading it again`);
            onProgress?.(size, size);
            return target;
        }
        catch (error) {
            const status = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ ? error.httpStatus : undefined;
            if (status !== 404 && status !== 403)
                throw error;
        }
        // An attempt that timed out may still start an upload, late.
        const started = this.clock.now();
        const unanswered = () => this.unanswered.add(`${target.bucket}/${target.key}`);
        const init = await this.call('InitiateMultipartUpload', () => cos.multipartInit({ ...where, ContentType: 'application/zip' }), { detail }).catch((error) => {
            unanswered();
            throw error;
        });
        if (this.clock.now() - started >=
            (this.config.requestTimeoutSeconds ?? 60) * 1000) {
            unanswered();
        }
        const uploadId = init.UploadId;
        try {
            const parts = await this.uploadParts(cos, archivePath, size, where, uploadId, onProgress);
            await this.complete(cos, where, uploadId, parts, size);
        }
        catch (error) {
            // Another run uploading the same archive finished first and swept our
            // upload away: the content-addressed object is there, which is all
            // that was wanted.
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ && error.code === 'NoSuchUpload') {
                const there = await cos.headObject(where).then(() => true, () => false);
                if (there) {
                    this.log.info(`cos://${target.bucket}/${target.key} was completed by another run meanwhile`);
                    return target;
                }
                // That run has since deleted the object (delete-object): upload anew.
                if (restarts > 0) {
                    this.log.info(`cos://${target.bucket}/${target.key}: our upload was swept by another run and the object is gone; uploading again`);
                    return this.uploadArchive(archivePath, target, onProgress, restarts - 1);
                }
            }
            // Parts of an unfinished upload are billed until aborted.
            try {
                await this.call('AbortMultipartUpload', () => cos.multipartAbort({ ...where, UploadId: uploadId }), { detail });
            }
            catch (abortError) {
                this.log.warning(`could not abort multipart upload ${uploadId} of cos://${target.bucket}/${target.key}; its parts stay billed until a lifecycle rule or 'coscli abort' removes them: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(abortError)}`);
            }
            throw error;
        }
        await this.sweep(cos, where, uploadId);
        return target;
    }
    /** Keys (`bucket/key`) whose InitiateMultipartUpload lost an attempt. */
    unanswered = new Set();
    async sweepUploads(target) {
        if (!this.unanswered.has(`${target.bucket}/${target.key}`))
            return;
        const cos = await this.storage();
        await this.sweep(cos, { Bucket: target.bucket, Region: target.region, Key: target.key }, '');
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
            const listed = await this.call('ListMultipartUploads', () => cos.multipartList({
                Bucket: where.Bucket,
                Region: where.Region,
                Prefix: where.Key
            }));
            const stale = (listed.Upload ?? []).filter((u) => u.Key === where.Key && u.UploadId && u.UploadId !== ours);
            for (const u of stale) {
                await cos.multipartAbort({ ...where, UploadId: u.UploadId ?? '' });
            }
            if (stale.length > 0) {
                this.log.info(`aborted ${stale.length} unfinished multipart upload(s) of cos://${where.Bucket}/${where.Key}`);
            }
        }
        catch (error) {
            this.log.debug(`could not look for unfinished uploads of ${where.Key}: ${this.redact((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error))}`);
        }
    }
    async uploadParts(cos, archivePath, size, where, uploadId, onProgress) {
        const partSize = Math.max(this.partSize, Math.ceil(size / MAX_PARTS));
        const count = Math.max(1, Math.ceil(size / partSize));
        const loaded = new Map();
        const report = () => {
            let sum = 0;
            for (const n of loaded.values())
                sum += n;
            onProgress?.(Math.min(sum, size), size);
        };
        const results = [];
        let next = 1;
        let failed = false;
        const worker = async () => {
            while (!failed && next <= count) {
                const partNumber = next++;
                const start = (partNumber - 1) * partSize;
                const length = Math.min(partSize, size - start);
                try {
                    const etag = await this.call('UploadPart', async () => {
                        loaded.set(partNumber, 0);
                        const tap = md5Tap();
                        const body = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(archivePath, {
                            start,
                            end: start + length - 1
                        }).pipe(tap);
                        const r = await cos.multipartUpload({
                            ...where,
                            UploadId: uploadId,
                            PartNumber: partNumber,
                            Body: body,
                            ContentLength: length,
                            onProgress: (p) => {
                                loaded.set(partNumber, p.loaded);
                                report();
                            }
                        });
                        const got = (r.ETag ?? '').replace(/"/g, '').toLowerCase();
                        const sent = tap.digest();
                        if (got !== sent) {
                            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
                                provider: 'tencent',
                                operation: 'cos:UploadPart',
                                region: this.region,
                                code: 'BadDigest',
                                message: `COS stored part ${partNumber} with ETag ${got || '(none)'}, but its MD5 is ${sent}`,
                                retryable: true
                            });
                        }
                        loaded.set(partNumber, length);
                        report();
                        return r.ETag;
                    }, { detail: { bucket: where.Bucket, key: where.Key } });
                    results.push({ PartNumber: partNumber, ETag: etag });
                }
                catch (error) {
                    failed = true;
                    throw error;
                }
            }
        };
        const workers = Array.from({ length: Math.min(TENCENT_UPLOAD_CONCURRENCY, count) }, worker);
        const settled = await Promise.allSettled(workers);
        const rejected = settled.find((s) => s.status === 'rejected');
        if (rejected)
            throw rejected.reason;
        return results.sort((a, b) => a.PartNumber - b.PartNumber);
    }
    async complete(cos, where, uploadId, parts, size) {
        const detail = { bucket: where.Bucket, key: where.Key };
        try {
            await this.call('CompleteMultipartUpload', () => cos.multipartComplete({ ...where, UploadId: uploadId, Parts: parts }), { detail });
        }
        catch (error) {
            // A retry after a lost answer finds the upload already completed.
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ && error.code === 'NoSuchUpload') {
                const head = await cos.headObject(where).catch(() => undefined);
                if (head) {
                    this.log.debug(`multipart upload ${uploadId} was already completed (${size} bytes)`);
                    return;
                }
            }
            throw error;
        }
    }
    async deleteObject(location) {
        const cos = await this.storage();
        await this.call('DeleteObject', () => cos.deleteObject({
            Bucket: location.bucket,
            Region: location.region,
            Key: location.key
        }), { detail: { bucket: location.bucket, key: location.key } });
    }
    async publishLayer(settings, content, expectedSha256Hex) {
        const name = settings.layerName;
        const request = {
            LayerName: name,
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
        const detail = {
            layerName: name,
            ...(content.kind === 'object' && {
                bucket: content.location.bucket,
                key: content.location.key
            })
        };
        const response = await this.call('PublishLayerVersion', () => this.scfApi.PublishLayerVersion(request), {
            detail,
            // Not idempotent: only a throttled call surely created nothing.
            isRetryable: isThrottle,
            // Network errors and 5xx go back to publish.ts, which looks for a
            // version the lost answer created before trying again; throttling
            // has had all its attempts here.
            retryableAfter: (e) => !isThrottle(e) && isRetryableTencentError(e)
        });
        const version = response.LayerVersion;
        if (typeof version !== 'number') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
                provider: 'tencent',
                operation: 'scf:PublishLayerVersion',
                region: this.region,
                requestId: response.RequestId,
                message: 'SCF answered without a LayerVersion'
            });
        }
        this.log.info(`[${this.region}] published ${name} version ${version}; waiting for it to become Active`);
        const ready = await this.waitActive(name, version);
        if (ready.sha256Hex !== expectedSha256Hex.toLowerCase()) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
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
        return this.waitActive(layerName, version);
    }
    /** Polls until Active; PublishFailed and the wait-timeout are errors. */
    async waitActive(name, version) {
        const timeoutMs = this.config.waitTimeoutSeconds * 1000;
        const deadline = this.clock.now() + timeoutMs;
        let delay = POLL_FIRST_MS;
        for (;;) {
            const current = await this.getVersion(name, version, {
                // The version exists; publishing again would not help.
                retryable: false,
                context: `version ${version} of ${name} was published, but its status could not be read`
            });
            const status = current.status ?? '';
            if (status === 'Active')
                return current;
            if (status === 'PublishFailed') {
                // A failed version is unusable but counts toward the 200-version cap.
                let cleanup = 'it was deleted';
                try {
                    await this.deleteVersion(name, version);
                }
                catch {
                    cleanup =
                        'it could not be deleted and stays listed until you delete it';
                }
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
                    provider: 'tencent',
                    operation: 'scf:PublishLayerVersion',
                    region: this.region,
                    code: 'PublishFailed',
                    message: `SCF could not publish ${name} version ${version} (status PublishFailed); ${cleanup}. Check that the archive is a valid zip and unzips to under 500 MB`
                });
            }
            if (status !== 'Publishing' && status !== '') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
                    provider: 'tencent',
                    operation: 'scf:GetLayerVersion',
                    region: this.region,
                    code: 'UnexpectedStatus',
                    message: `${name} version ${version} went to status ${status} while waiting for Active`
                });
            }
            const left = deadline - this.clock.now();
            if (left <= 0) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ({
                    provider: 'tencent',
                    operation: 'scf:GetLayerVersion',
                    region: this.region,
                    code: 'WaitTimeout',
                    message: `${name} version ${version} is still ${status || 'Publishing'} after ${this.config.waitTimeoutSeconds} s; raise 'wait-timeout' or check the layer in the SCF console`
                });
            }
            this.log.debug(`[${this.region}] ${name} version ${version} is ${status || 'Publishing'}; checking again in ${Math.min(delay, left)} ms`);
            await this.clock.sleep(Math.min(delay, left));
            delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5));
        }
    }
    async listVersions(layerName) {
        let response;
        try {
            response = await this.call('ListLayerVersions', () => this.scfApi.ListLayerVersions({ LayerName: layerName }), { detail: { layerName } });
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ &&
                error.code === 'ResourceNotFound.Layer') {
                return [];
            }
            throw error;
        }
        const out = [];
        for (const v of response.LayerVersions ?? []) {
            if (typeof v.LayerVersion !== 'number')
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
        const r = await this.call('GetLayerVersion', () => this.scfApi.GetLayerVersion({
            LayerName: layerName,
            LayerVersion: version
        }), { detail: { layerName, ...detail } });
        return fromGet(r);
    }
    async deleteVersion(layerName, version) {
        try {
            await this.call('DeleteLayerVersion', () => this.scfApi.DeleteLayerVersion({
                LayerName: layerName,
                LayerVersion: version
            }), { detail: { layerName } });
        }
        catch (error) {
            // Already gone (e.g. a retry after a lost answer): the goal is met.
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ProviderError */ .mZ &&
                error.code === 'ResourceNotFound.LayerVersion') {
                this.log.debug(`${layerName} version ${version} was already deleted`);
                return;
            }
            throw error;
        }
    }
}
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
/** Adapts the COS SDK's callback API to the promises CosApi promises. */
function wrapCos(cos) {
    const call = (fn, params) => new Promise((resolve, reject) => {
        fn.call(cos, params, (err, data) => {
            if (err)
                reject(err);
            else
                resolve(data);
        });
    });
    return {
        headObject: (p) => call(cos.headObject, p),
        multipartInit: (p) => call(cos.multipartInit, p),
        multipartUpload: (p) => call(cos.multipartUpload, p),
        multipartComplete: (p) => call(cos.multipartComplete, p),
        multipartAbort: (p) => call(cos.multipartAbort, p),
        multipartList: (p) => call(cos.multipartList, p),
        deleteObject: (p) => call(cos.deleteObject, p)
    };
}
/** Builds the real clients for one region. */
function createTencentProvider(config, log) {
    const timeoutSeconds = config.requestTimeoutSeconds ?? 60;
    const http = config.endpoint ? scfEndpoint(config.endpoint) : undefined;
    const client = new tencentcloud_sdk_nodejs_scf__WEBPACK_IMPORTED_MODULE_4__.scf.v20180416.Client({
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
        return wrapCos(cos);
    };
    return new TencentLayerProvider(client, cosFactory, config, log);
}


/***/ })

};

//# sourceMappingURL=287.index.js.map