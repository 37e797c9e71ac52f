export const id = 175;
export const ids = [175];
export const modules = {

/***/ 1175:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createAwsProvider: () => (/* reexport */ createAwsProvider)
});

// UNUSED EXPORTS: AwsLayerProvider, PART_SIZE, UPLOAD_QUEUE_SIZE, toProviderError

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/providers/aws/profile.ts
/**
 * AWS_PROFILE naming a profile that does not exist: the SDK only says it
 * could not load credentials from any provider. When credentials fail,
 * this looks in the shared files so the error can name the profile.
 */



/** Profile names an INI file defines: `[name]`, or `[profile name]` in config. */
function profileNames(text, isConfig) {
    const names = new Set();
    for (const line of text.split(/\r?\n/)) {
        const section = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line)?.[1];
        if (section === undefined)
            continue;
        const words = section.split(/\s+/);
        if (!isConfig || section === 'default')
            names.add(section);
        else if (words[0] === 'profile' && words.length === 2 && words[1]) {
            names.add(words[1]);
        }
    }
    return names;
}
/**
 * The profile AWS_PROFILE names, when neither shared file defines it;
 * undefined when AWS_PROFILE is unset or the profile exists.
 */
function missingProfile(env = process.env, read = (path) => (0,external_node_fs_.readFileSync)(path, 'utf8'), home = (0,external_node_os_.homedir)()) {
    const profile = env.AWS_PROFILE?.trim();
    if (!profile)
        return undefined;
    const config = env.AWS_CONFIG_FILE || (0,external_node_path_.join)(home, '.aws', 'config');
    const credentials = env.AWS_SHARED_CREDENTIALS_FILE || (0,external_node_path_.join)(home, '.aws', 'credentials');
    const defined = (path, isConfig) => {
        try {
            return profileNames(read(path), isConfig).has(profile);
        }
        catch {
            return false;
        }
    };
    if (defined(config, true) || defined(credentials, false))
        return undefined;
    return { profile, files: [config, credentials] };
}
/**
 * Client middleware: a credentials failure gets `$profile` when AWS_PROFILE
 * names a missing profile, for the error table to say so.
 */
function profileMiddleware(find) {
    return (next) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            const e = error;
            if (e?.name === 'CredentialsProviderError' &&
                e.$profile === undefined) {
                e.$profile = find() ?? null;
            }
            throw error;
        }
    };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/providers/rules.ts
var rules = __webpack_require__(4221);
// EXTERNAL MODULE: ./src/providers/sha.ts
var sha = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/checks/aws-runtimes.ts
var aws_runtimes = __webpack_require__(3800);
// EXTERNAL MODULE: ./src/providers/error-table.ts
var error_table = __webpack_require__(1885);
// EXTERNAL MODULE: ./src/providers/network-errors.ts
var network_errors = __webpack_require__(7850);
;// CONCATENATED MODULE: ./src/providers/aws/errors.ts
/**
 * AWS error table: SDK error code → message with a hint, kind and whether
 * another attempt may help. Messages say what to do next.
 */




/** The IAM action each call needs, for AccessDenied messages. */
const IAM_ACTION = {
    PublishLayerVersion: 'lambda:PublishLayerVersion',
    GetLayerVersion: 'lambda:GetLayerVersion',
    ListLayerVersions: 'lambda:ListLayerVersions',
    DeleteLayerVersion: 'lambda:DeleteLayerVersion',
    AddLayerVersionPermission: 'lambda:AddLayerVersionPermission',
    GetFunctionConfiguration: 'lambda:GetFunctionConfiguration',
    UpdateFunctionConfiguration: 'lambda:UpdateFunctionConfiguration',
    PublishVersion: 'lambda:PublishVersion',
    GetAlias: 'lambda:GetAlias',
    CreateAlias: 'lambda:CreateAlias',
    UpdateAlias: 'lambda:UpdateAlias',
    ListFunctions: 'lambda:ListFunctions',
    HeadObject: 's3:GetObject',
    PutObject: 's3:PutObject',
    Upload: 's3:PutObject',
    CreateMultipartUpload: 's3:PutObject',
    UploadPart: 's3:PutObject',
    CompleteMultipartUpload: 's3:PutObject',
    AbortMultipartUpload: 's3:AbortMultipartUpload',
    ListMultipartUploads: 's3:ListBucketMultipartUploads',
    DeleteObject: 's3:DeleteObject'
};
const bucketRegion = (f) => f.error.$response?.headers?.['x-amz-bucket-region'];
const FUNCTION_OPERATIONS = new Set([
    'GetFunctionConfiguration',
    'UpdateFunctionConfiguration',
    'PublishVersion',
    'GetAlias',
    'CreateAlias',
    'UpdateAlias'
]);
/** What an access-denied call was about, for its hint. */
const resource = (f) => {
    if (f.service === 's3')
        return `bucket (${f.bucket})`;
    if (f.operation === 'ListFunctions')
        return "region's functions";
    return FUNCTION_OPERATIONS.has(f.operation) ? 'function' : 'layer';
};
const throttled = (f) => `throttled by AWS after ${f.error.$metadata?.attempts ?? 'several'} attempts; raise 'max-attempts' or publish to fewer regions at once. ${f.raw}`;
/** First matching row wins. */
const AWS_ERRORS = [
    {
        when: (f) => Boolean(f.error.$profile),
        message: (f) => {
            const { profile, files } = f.error.$profile;
            return `AWS_PROFILE names the profile '${profile}', which neither ${files[0]} nor ${files[1]} defines. Fix AWS_PROFILE, or unset it and configure credentials before this step (see README, Credentials).`;
        }
    },
    {
        when: (f) => f.code === 'CredentialsProviderError' ||
            /Could not load credentials/.test(f.raw),
        message: (f) => `no AWS credentials were found. Configure them before this step, e.g. with aws-actions/configure-aws-credentials and OIDC (see README, Credentials). ${f.raw}`
    },
    {
        when: (f) => f.status === 403 &&
            /AccessDenied|Forbidden|UnauthorizedOperation|AuthorizationError/i.test(`${f.code} ${f.raw}`),
        kind: 'access-denied',
        message: (f) => `access denied: the credentials need ${IAM_ACTION[f.operation] ?? f.operation} on this ${resource(f)} (see README, Permissions). ${f.raw}`
    },
    {
        codes: ['NoSuchBucket'],
        kind: 'not-found',
        message: (f) => `bucket ${f.bucket} does not exist. Create it in ${f.region} or fix 'bucket' (it must be in the layer's region; use {region} for several regions).`
    },
    {
        // HEAD answers have no body: a wrong-region bucket shows only as this header.
        when: (f) => (bucketRegion(f) !== undefined && bucketRegion(f) !== f.region) ||
            f.code === 'PermanentRedirect' ||
            f.code === 'AuthorizationHeaderMalformed' ||
            f.code === 'IllegalLocationConstraintException' ||
            /PermanentRedirect|The bucket is in this region/.test(f.raw),
        message: (f) => {
            const other = bucketRegion(f) ??
                /this region: ([a-z0-9-]+)/.exec(f.raw)?.[1] ??
                /expecting '([a-z0-9-]+)'/.exec(f.raw)?.[1];
            return `bucket ${f.bucket} is in ${other ?? 'another region'}, not ${f.region}: Lambda reads layer archives only from a bucket in the layer's region. Use a bucket per region, e.g. 'my-layers-{region}'.`;
        }
    },
    {
        codes: ['RequestEntityTooLargeException'],
        message: (f) => `the inline archive was refused as too large; this action sends archives above 50 MiB through S3, so this is a bug worth reporting. ${f.raw}`
    },
    {
        codes: ['CodeStorageExceededException'],
        message: (f) => `the account's Lambda code storage quota is full. Delete old layer versions (see 'keep-versions') or ask for a quota increase. ${f.raw}`
    },
    {
        codes: ['TooManyRequestsException', 'SlowDown'],
        kind: 'throttled',
        retryable: true,
        message: throttled
    },
    { codes: ['ThrottlingException'], kind: 'throttled', message: throttled },
    { codes: ['TimeoutError'], retryable: true },
    {
        // The function changed since it was read (RevisionId) or is mid-update:
        // the caller re-reads rather than repeating the same call.
        codes: ['PreconditionFailedException', 'ResourceConflictException'],
        kind: 'conflict'
    },
    {
        // Lambda could not read the uploaded archive: the object is gone.
        when: (f) => f.operation === 'PublishLayerVersion' &&
            /NoSuchKey|NoSuchObject/i.test(f.raw),
        kind: 'object-missing'
    }
];
/** Maps any SDK error to a ProviderError whose message says what to do. */
function toProviderError(error, operation, region, detail = {}) {
    const e = (error ?? {});
    const f = {
        code: e.Code ?? e.name,
        raw: e.message ?? String(error),
        operation,
        region,
        service: IAM_ACTION[operation]?.startsWith('s3:') ? 's3' : 'lambda',
        status: e.$metadata?.httpStatusCode,
        bucket: detail.bucket ? `'${detail.bucket}'` : 'the bucket',
        error: e
    };
    const row = (0,error_table/* lookup */.$)(AWS_ERRORS, f);
    const requestId = e.$metadata?.requestId;
    const network = (0,network_errors/* networkFailure */.r)(e.code, f.raw);
    const lost = requestId === undefined
        ? noResponse(network, f.code === 'TimeoutError', f.raw, e)
        : undefined;
    const message = lost ?? row?.message?.(f) ?? f.raw;
    const retryable = row?.retryable === true ||
        Boolean(e.$retryable) ||
        (f.status !== undefined && f.status >= 500) ||
        network !== undefined;
    return new errors/* ProviderError */.mZ({
        provider: 'aws',
        operation: `${f.service}:${operation}`,
        region,
        message,
        // The SDK names a reset `TimeoutError`; the message says what happened.
        code: lost !== undefined && f.code === 'TimeoutError' ? undefined : f.code,
        requestId,
        httpStatus: f.status,
        retryable,
        kind: row?.kind ?? (lost !== undefined ? 'no-response' : undefined),
        cause: error
    });
}
/**
 * PublishLayerVersion refusing runtimes (ValidationException listing the
 * values it accepts) is a problem with the input, so it is not retried; it
 * is a ProviderError, not an InputError, because calls were already made.
 * Undefined for any other failure.
 */
function runtimeRefusal(error, runtimes, region) {
    const e = (error ?? {});
    if ((e.Code ?? e.name) !== 'ValidationException')
        return undefined;
    const refusal = (0,aws_runtimes/* parseRuntimeRefusal */.C4)(e.message ?? '', runtimes);
    if (!refusal || refusal.refused.length === 0)
        return undefined;
    const refused = refusal.refused.map((r) => `'${r}'`).join(', ');
    const verb = refusal.refused.length === 1 ? 'is' : 'are';
    return new errors/* ProviderError */.mZ({
        provider: 'aws',
        operation: 'lambda:PublishLayerVersion',
        region,
        code: 'ValidationException',
        requestId: e.$metadata?.requestId,
        httpStatus: e.$metadata?.httpStatusCode,
        retryable: false,
        message: `Input 'compatible-runtimes': ${refused} ${verb} not accepted by Lambda in ${region}, which accepts ${refusal.accepted.join(', ')}`,
        cause: error
    });
}
/** The message for a call that got no answer; undefined if it got one. */
function noResponse(network, sdkTimeout, raw, e) {
    const tries = e.$metadata?.attempts;
    const after = tries !== undefined
        ? `, after ${tries} attempt${tries === 1 ? '' : 's'}`
        : '';
    if (network === 'closed') {
        return `no response: the connection was closed before an answer (${e.code ?? 'reset'}: ${raw})${after}; no request id was received`;
    }
    if (network === 'timeout' || sdkTimeout) {
        return `no response in time (${raw})${after}; no request id was received`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/providers/aws/functions.ts
/**
 * The Lambda side of update-functions and keep-versions: reading and
 * updating a function's layers, publishing a function version, moving an
 * alias, and finding which functions use a layer's versions.
 */


/** `arn:…:layer:name:3` → {layer: `arn:…:layer:name`, version: 3}. */
function parseLayerVersionArn(arn) {
    const cut = arn.lastIndexOf(':');
    const version = Number(arn.slice(cut + 1));
    if (cut <= 0 || !Number.isInteger(version) || version < 1)
        return undefined;
    return { layer: arn.slice(0, cut), version };
}
function layersOf(config) {
    const out = [];
    for (const layer of config.Layers ?? []) {
        const use = layer.Arn !== undefined && parseLayerVersionArn(layer.Arn);
        if (use)
            out.push(use);
    }
    return out;
}
/** Maps Lambda's State and LastUpdateStatus onto ready / updating / failed. */
function functionState(config) {
    const base = {
        layers: layersOf(config),
        ...(config.RevisionId !== undefined && { revisionId: config.RevisionId })
    };
    if (config.LastUpdateStatus === 'InProgress' || config.State === 'Pending') {
        return { ...base, state: 'updating' };
    }
    if (config.State === 'Failed') {
        return failed(base, config.StateReason);
    }
    if (config.LastUpdateStatus === 'Failed') {
        return failed(base, config.LastUpdateStatusReason);
    }
    return { ...base, state: 'ready' };
}
function failed(base, reason) {
    return { ...base, state: 'failed', ...(reason && { reason }) };
}
/**
 * Whether `arn` (a layer ARN without version) is `layer`; a bare layer name
 * matches any account's layer of that name, which can only keep more.
 */
function sameLayer(arn, layer) {
    if (arn === layer)
        return true;
    return !layer.includes(':') && arn.endsWith(`:layer:${layer}`);
}
class AwsFunctions {
    region;
    lambda;
    constructor(region, 
    /** The retrying client: every call here is safe to repeat (see updateLayers). */
    lambda) {
        this.region = region;
        this.lambda = lambda;
    }
    async getFunction(fn) {
        try {
            const config = await this.lambda.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: fn.name }));
            return functionState(config);
        }
        catch (error) {
            throw toProviderError(error, 'GetFunctionConfiguration', this.region);
        }
    }
    /**
     * With RevisionId, a repeat of an update whose answer was lost is refused
     * as a conflict (the first one changed the revision), never applied twice.
     */
    async updateLayers(fn, layers, revisionId) {
        try {
            await this.lambda.send(new dist_cjs/* UpdateFunctionConfigurationCommand */.Zlw({
                FunctionName: fn.name,
                Layers: layers.map((l) => `${l.layer}:${l.version}`),
                ...(revisionId !== undefined && { RevisionId: revisionId })
            }));
        }
        catch (error) {
            throw toProviderError(error, 'UpdateFunctionConfiguration', this.region);
        }
    }
    /** Lambda answers the existing version when nothing changed since it. */
    async publishVersion(fn, revisionId) {
        try {
            const out = await this.lambda.send(new dist_cjs/* PublishVersionCommand */.D3m({
                FunctionName: fn.name,
                ...(revisionId !== undefined && { RevisionId: revisionId })
            }));
            if (out.Version === undefined) {
                throw new Error('PublishVersion answered without a Version');
            }
            return out.Version;
        }
        catch (error) {
            throw toProviderError(error, 'PublishVersion', this.region);
        }
    }
    /** A concurrent run that created the alias first makes this an update. */
    async pointAlias(fn, alias, version) {
        const input = {
            FunctionName: fn.name,
            Name: alias,
            FunctionVersion: version
        };
        if (!(await this.aliasExists(fn, alias))) {
            try {
                await this.lambda.send(new dist_cjs/* CreateAliasCommand */.W_e(input));
                return;
            }
            catch (error) {
                if (error.name !== 'ResourceConflictException') {
                    throw toProviderError(error, 'CreateAlias', this.region);
                }
            }
        }
        try {
            await this.lambda.send(new dist_cjs/* UpdateAliasCommand */.lqC(input));
        }
        catch (error) {
            throw toProviderError(error, 'UpdateAlias', this.region);
        }
    }
    async aliasExists(fn, alias) {
        try {
            await this.lambda.send(new dist_cjs/* GetAliasCommand */.MES({ FunctionName: fn.name, Name: alias }));
            return true;
        }
        catch (error) {
            if (error.name === 'ResourceNotFoundException') {
                return false;
            }
            throw toProviderError(error, 'GetAlias', this.region);
        }
    }
    /** Every function and published function version, every page. */
    async layerUsers(layer) {
        const users = new Map();
        let marker;
        try {
            do {
                const page = await this.lambda.send(new dist_cjs/* ListFunctionsCommand */.xRr({
                    FunctionVersion: 'ALL',
                    MaxItems: 50,
                    ...(marker !== undefined && { Marker: marker })
                }));
                for (const config of page.Functions ?? []) {
                    for (const use of layersOf(config)) {
                        if (!sameLayer(use.layer, layer))
                            continue;
                        const list = users.get(use.version) ?? [];
                        list.push(userName(config));
                        users.set(use.version, list);
                    }
                }
                marker = page.NextMarker;
            } while (marker);
        }
        catch (error) {
            throw toProviderError(error, 'ListFunctions', this.region);
        }
        return users;
    }
}
/** `name` for $LATEST, `name:3` for a published version. */
function userName(config) {
    const name = config.FunctionName ?? config.FunctionArn ?? '?';
    const version = config.Version;
    return version === undefined || version === '$LATEST'
        ? name
        : `${name}:${version}`;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/providers/aws/upload.ts
/**
 * S3 side of the AWS adapter: the archive goes up through lib-storage's
 * multipart Upload (its parallel parts; the SDK retries each call), keyed by
 * content, with the clean-up a lost answer or a concurrent run calls for.
 */





const { partSize: PART_SIZE, concurrency: UPLOAD_QUEUE_SIZE } = rules/* PROVIDER_RULES */.k.aws.upload;
/** How long a cancelled upload spends aborting itself; inside cancel.ts's grace. */
const CANCEL_CLEANUP_MS = 2000;
/** Uploads unless the content-addressed key already holds the archive. */
async function uploadToS3(ctx, archivePath, target, opts = {}) {
    const { signal } = opts;
    (0,errors/* throwIfCancelled */.dZ)(signal);
    if (await alreadyThere(ctx, target)) {
        // A runner that died mid-upload of this key left its upload open, and
        // any upload of it now is redundant (its run finds the object too).
        await abortOthers(ctx, target, '');
        return target;
    }
    (0,errors/* throwIfCancelled */.dZ)(signal);
    const upload = await startUpload(ctx, archivePath, target, opts);
    const onAbort = () => void upload.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
        await upload.done();
    }
    catch (error) {
        if (signal?.aborted) {
            await abandon(ctx, target, upload);
            (0,errors/* throwIfCancelled */.dZ)(signal);
        }
        return await recover(ctx, archivePath, target, opts, error, upload);
    }
    finally {
        signal?.removeEventListener('abort', onAbort);
    }
    // A CreateMultipartUpload whose answer was lost, or a runner that died
    // mid-upload, leaves an upload of this key behind; the object now exists,
    // so any other is redundant.
    const mine = uploadIdOf(upload);
    if (mine !== undefined)
        await abortOthers(ctx, target, mine);
    return target;
}
async function startUpload(ctx, archivePath, target, { onProgress, signal }) {
    const { Upload } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19));
    const upload = new Upload({
        client: signal ? withSignal(ctx.s3, signal) : ctx.s3,
        params: {
            Bucket: target.bucket,
            Key: target.key,
            Body: (0,external_node_fs_.createReadStream)(archivePath),
            ContentType: 'application/zip'
        },
        partSize: PART_SIZE,
        queueSize: UPLOAD_QUEUE_SIZE,
        leavePartsOnError: false
    });
    upload.on('httpUploadProgress', (p) => {
        if (onProgress && p.loaded !== undefined) {
            onProgress(p.loaded, p.total ?? p.loaded);
        }
    });
    return upload;
}
/**
 * The client lib-storage sends through, every request tied to `signal`: on
 * a cancel, parts in flight end at once instead of holding the process.
 */
function withSignal(s3, signal) {
    const client = Object.create(s3);
    const send = (command, options) => s3.send(command, { ...options, abortSignal: signal });
    client.send = send;
    return client;
}
const uploadIdOf = (upload) => upload.uploadId;
/**
 * Cancelled: lib-storage rejects at once but aborts the multipart upload
 * only after its parts in flight end, which can outlast the step. Abort it
 * now, waiting a bounded time for a CreateMultipartUpload still in flight.
 */
async function abandon(ctx, target, upload) {
    const internals = upload;
    const id = internals.uploadId ??
        (await within(CANCEL_CLEANUP_MS, internals.createMultiPartPromise))
            ?.UploadId;
    if (id !== undefined) {
        await abortQuietly(ctx, target, id, AbortSignal.timeout(CANCEL_CLEANUP_MS));
    }
}
async function within(ms, promise) {
    if (!promise)
        return undefined;
    let timer;
    const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
        timer.unref();
    });
    try {
        return await Promise.race([promise.catch(() => undefined), timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** After a failed upload: use the object if it is there, else upload anew once or fail. */
async function recover(ctx, archivePath, target, opts, error, upload) {
    const failed = error.$command ?? 'Upload';
    // lib-storage aborts after a failed part, not after a failed Complete.
    const id = uploadIdOf(upload);
    if (id !== undefined)
        await abortQuietly(ctx, target, id);
    // A Complete (or Put) whose answer was lost may have stored the object.
    if (await holds(ctx, target, archivePath)) {
        ctx.log.info(`${failed} failed (${error.message}), but s3://${target.bucket}/${target.key} holds this archive; using it`);
        return target;
    }
    // Another run that completed this key aborts other uploads of it (see
    // above); if that object is gone again (delete-object), upload anew.
    const e = error;
    if (!opts.again && (e.Code ?? e.name) === 'NoSuchUpload') {
        return uploadToS3(ctx, archivePath, target, { ...opts, again: true });
    }
    throw toProviderError(error, failed, ctx.region, target);
}
/** The key is content-addressed: an object already there holds these bytes. */
async function alreadyThere(ctx, target) {
    try {
        await head(ctx, target);
        ctx.log.info(`s3://${target.bucket}/${target.key} already holds this archive; not uploading it again`);
        return true;
    }
    catch (error) {
        const status = error.$metadata?.httpStatusCode;
        // 404: not there yet. 403: no s3:GetObject, which upload does not need.
        if (status !== 404 && status !== 403) {
            throw toProviderError(error, 'HeadObject', ctx.region, target);
        }
        return false;
    }
}
async function head(ctx, target) {
    const { HeadObjectCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    return ctx.s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }));
}
/** Whether the content-addressed object exists with the archive's size. */
async function holds(ctx, target, archivePath) {
    try {
        const found = await head(ctx, target);
        return found.ContentLength === (await (0,promises_.stat)(archivePath)).size;
    }
    catch {
        return false;
    }
}
async function abortQuietly(ctx, target, uploadId, abortSignal) {
    const { AbortMultipartUploadCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    try {
        await ctx.s3.send(new AbortMultipartUploadCommand({
            Bucket: target.bucket,
            Key: target.key,
            UploadId: uploadId
        }), ...(abortSignal ? [{ abortSignal }] : []));
    }
    catch (error) {
        ctx.log.debug(`could not abort upload ${uploadId} of ${target.key}: ${error.message}`);
    }
}
/** Aborts every unfinished upload of the key but `mine` (all, when ''). */
async function abortOthers(ctx, target, mine) {
    const { ListMultipartUploadsCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    try {
        const list = await ctx.s3.send(new ListMultipartUploadsCommand({
            Bucket: target.bucket,
            Prefix: target.key
        }));
        for (const u of list.Uploads ?? []) {
            if (u.Key === target.key && u.UploadId && u.UploadId !== mine) {
                await abortQuietly(ctx, target, u.UploadId);
            }
        }
    }
    catch (error) {
        // Missing s3:ListBucketMultipartUploads must not fail a release.
        ctx.log.debug(`could not list uploads of ${target.key}: ${error.message}`);
    }
}
async function deleteFromS3(ctx, location) {
    const { DeleteObjectCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    try {
        await ctx.s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
    }
    catch (error) {
        throw toProviderError(error, 'DeleteObject', ctx.region, location);
    }
}

;// CONCATENATED MODULE: ./src/providers/aws/provider.ts
/**
 * The AWS LayerProvider: Lambda layer calls, and S3 (upload.ts) for
 * archives above the inline limit. Credentials come only from the SDK's
 * default chain (OIDC via configure-aws-credentials, env, profiles).
 */







class AwsLayerProvider {
    region;
    lambda;
    s3Factory;
    log;
    publishClient;
    unanswered;
    id = 'aws';
    maxInlineBytes = rules/* PROVIDER_RULES */.k.aws.maxInlineBytes;
    maxUnzippedBytes = rules/* PROVIDER_RULES */.k.aws.maxUnzippedBytes;
    functions;
    s3;
    constructor(region, lambda, 
    /** S3 is loaded only when an upload happens: most runs never need it. */
    s3Factory, log, 
    /**
     * PublishLayerVersion is not idempotent: a retry after a lost response
     * makes a second version. This client does not retry; publish.ts does,
     * after looking for the version the lost attempt may have created.
     */
    publishClient = lambda, 
    /** Keys (`bucket/key`) whose CreateMultipartUpload lost an attempt. */
    unanswered = new Set()) {
        this.region = region;
        this.lambda = lambda;
        this.s3Factory = s3Factory;
        this.log = log;
        this.publishClient = publishClient;
        this.unanswered = unanswered;
        this.functions = new AwsFunctions(region, lambda);
    }
    storage() {
        this.s3 ??= this.s3Factory().then((s3) => ({
            s3,
            region: this.region,
            log: this.log
        }));
        return this.s3;
    }
    async uploadArchive(archivePath, target, onProgress, signal) {
        const ctx = await this.storage();
        return uploadToS3(ctx, archivePath, target, { onProgress, signal });
    }
    async sweepUploads(target) {
        if (!this.unanswered.has(`${target.bucket}/${target.key}`))
            return;
        await abortOthers(await this.storage(), target, '');
    }
    async deleteObject(location) {
        await deleteFromS3(await this.storage(), location);
    }
    async publishLayer(settings, content, expectedSha256Hex) {
        let response;
        try {
            response = await this.publishClient.send(new dist_cjs/* PublishLayerVersionCommand */.cl_(publishRequest(settings, content)));
        }
        catch (error) {
            throw (runtimeRefusal(error, settings.compatibleRuntimes, this.region) ??
                toProviderError(error, 'PublishLayerVersion', this.region));
        }
        const version = fromResponse(response);
        if (version.sha256Hex !== expectedSha256Hex) {
            throw new errors/* ProviderError */.mZ({
                provider: 'aws',
                operation: 'lambda:PublishLayerVersion',
                region: this.region,
                code: 'CodeSha256Mismatch',
                requestId: response.$metadata.requestId,
                message: `Lambda reports CodeSha256 ${version.codeSha256} for version ${version.version}, but the archive's is ${(0,sha/* providerSha */.q)('aws', expectedSha256Hex)}: the stored layer is not the archive that was built`
            });
        }
        return version;
    }
    async listVersions(layerName) {
        const out = [];
        let marker;
        try {
            do {
                const page = await this.lambda.send(new dist_cjs/* ListLayerVersionsCommand */.icq({
                    LayerName: layerName,
                    MaxItems: 50,
                    ...(marker !== undefined && { Marker: marker })
                }));
                for (const v of page.LayerVersions ?? []) {
                    if (v.Version === undefined)
                        continue;
                    out.push({
                        version: v.Version,
                        description: v.Description ?? '',
                        ...(v.CreatedDate !== undefined && { createdDate: v.CreatedDate })
                    });
                }
                marker = page.NextMarker;
            } while (marker);
        }
        catch (error) {
            if (error.name === 'ResourceNotFoundException')
                return [];
            throw toProviderError(error, 'ListLayerVersions', this.region);
        }
        return out.sort((a, b) => b.version - a.version);
    }
    async getVersion(layerName, version) {
        try {
            const response = await this.lambda.send(new dist_cjs/* GetLayerVersionCommand */.VK5({
                LayerName: layerName,
                VersionNumber: version
            }));
            return fromResponse(response);
        }
        catch (error) {
            throw toProviderError(error, 'GetLayerVersion', this.region);
        }
    }
    async deleteVersion(layerName, version) {
        try {
            await this.lambda.send(new dist_cjs/* DeleteLayerVersionCommand */.KnR({
                LayerName: layerName,
                VersionNumber: version
            }));
        }
        catch (error) {
            throw toProviderError(error, 'DeleteLayerVersion', this.region);
        }
    }
    /**
     * Grants `lambda:GetLayerVersion` to one principal. Returns false when the
     * same statement is already there (a re-run), which is success.
     */
    async addPermission(layerName, version, statementId, principal, organizationId) {
        try {
            await this.lambda.send(new dist_cjs/* AddLayerVersionPermissionCommand */.zjw({
                LayerName: layerName,
                VersionNumber: version,
                StatementId: statementId,
                Action: 'lambda:GetLayerVersion',
                Principal: principal,
                ...(organizationId !== undefined && {
                    OrganizationId: organizationId
                })
            }));
            return true;
        }
        catch (error) {
            if (error.name === 'ResourceConflictException') {
                return false;
            }
            throw toProviderError(error, 'AddLayerVersionPermission', this.region);
        }
    }
}
function publishRequest(settings, content) {
    const Content = content.kind === 'inline'
        ? { ZipFile: content.zip }
        : { S3Bucket: content.location.bucket, S3Key: content.location.key };
    return {
        LayerName: settings.layerName,
        Content,
        ...(settings.description !== '' && { Description: settings.description }),
        ...(settings.licenseInfo !== '' && { LicenseInfo: settings.licenseInfo }),
        ...(settings.compatibleRuntimes.length > 0 && {
            CompatibleRuntimes: settings.compatibleRuntimes
        }),
        ...(settings.compatibleArchitectures.length > 0 && {
            CompatibleArchitectures: settings.compatibleArchitectures
        })
    };
}
function fromResponse(r) {
    const codeSha256 = r.Content?.CodeSha256 ?? '';
    return {
        version: r.Version ?? 0,
        ...(r.LayerArn !== undefined && { layerArn: r.LayerArn }),
        ...(r.LayerVersionArn !== undefined && {
            layerVersionArn: r.LayerVersionArn
        }),
        codeSha256,
        sha256Hex: (0,sha/* shaToHex */.B)('aws', codeSha256),
        ...(r.Content?.CodeSize !== undefined && { codeSize: r.Content.CodeSize }),
        ...(r.Content?.Location && { contentUrl: r.Content.Location }),
        compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
        compatibleArchitectures: [...(r.CompatibleArchitectures ?? [])],
        description: r.Description ?? '',
        licenseInfo: r.LicenseInfo ?? '',
        ...(r.CreatedDate !== undefined && { createdDate: r.CreatedDate }),
        status: 'Active'
    };
}

;// CONCATENATED MODULE: ./src/providers/aws/client.ts
/**
 * Client set-up for AWS: one Lambda client that retries, one that does not
 * (for PublishLayerVersion), and S3 built on first use, all with the
 * action's timeouts and user agent.
 */



function commonOptions(config) {
    return {
        region: config.region,
        maxAttempts: config.maxAttempts,
        retryMode: 'standard',
        customUserAgent: config.userAgent,
        requestHandler: {
            // socketTimeout is the inactivity limit; requestTimeout only warns.
            socketTimeout: config.requestTimeoutMs,
            connectionTimeout: config.connectTimeoutMs
        }
    };
}
/** Builds the real clients for one region. */
function createAwsProvider(config, log) {
    const common = commonOptions(config);
    const endpoint = config.endpointUrl !== undefined && {
        endpoint: config.endpointUrl
    };
    const lambda = new dist_cjs/* LambdaClient */.Nox({ ...common, ...endpoint });
    const publishClient = new dist_cjs/* LambdaClient */.Nox({
        ...common,
        maxAttempts: 1,
        ...endpoint
    });
    for (const client of [lambda, publishClient])
        nameMissingProfile(client);
    const unanswered = new Set();
    return new AwsLayerProvider(config.region, lambda, () => createS3(config, common, unanswered), log, publishClient, unanswered);
}
async function createS3(config, common, unanswered) {
    const { S3Client } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    const env = process.env;
    const custom = config.storageEndpointUrl !== undefined ||
        Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
    const client = new S3Client({
        ...common,
        ...(config.storageEndpointUrl !== undefined && {
            endpoint: config.storageEndpointUrl
        }),
        // Custom endpoints (emulators, S3-compatible stores) rarely have per-bucket DNS.
        forcePathStyle: custom
    });
    // Names the failing command inside lib-storage's Upload in errors, and
    // notes a CreateMultipartUpload that needed more than one attempt (the
    // lost one may still start an upload, late: see sweepUploads).
    client.middlewareStack.add((next, context) => async (args) => {
        const input = args.input;
        const create = context.commandName === 'CreateMultipartUploadCommand';
        const lost = () => unanswered.add(`${input.Bucket}/${input.Key}`);
        try {
            const out = await next(args);
            const meta = out.output
                .$metadata;
            if (create && (meta?.attempts ?? 1) > 1)
                lost();
            return out;
        }
        catch (error) {
            if (create)
                lost();
            if (error !== null && typeof error === 'object') {
                const e = error;
                e.$command ??= context.commandName?.replace(/Command$/, '');
            }
            throw error;
        }
    }, { step: 'initialize', name: 'publishLayerCommandName' });
    nameMissingProfile(client);
    return client;
}
/** A credentials failure names the profile AWS_PROFILE names when it is missing. */
function nameMissingProfile(client) {
    const stack = client.middlewareStack;
    stack.add(profileMiddleware(() => missingProfile()), {
        step: 'initialize',
        name: 'publishLayerMissingProfile'
    });
}

;// CONCATENATED MODULE: ./src/providers/aws/index.ts
/** The AWS adapter (Lambda layers, S3 uploads); all AWS SDK use is in this folder. */






/***/ }),

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


/***/ })

};

//# sourceMappingURL=175.index.js.map