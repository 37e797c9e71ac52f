export const id = 91;
export const ids = [91];
export const modules = {

/***/ 6091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createAwsProvider: () => (/* binding */ createAwsProvider)
/* harmony export */ });
/* unused harmony exports PART_SIZE, UPLOAD_QUEUE_SIZE, toProviderError, AwsLayerProvider */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1696);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4221);
/**
 * AWS adapter: Lambda layer calls and S3 multipart uploads. All AWS SDK use
 * lives here. Credentials come only from the SDK's default chain (OIDC via
 * configure-aws-credentials, env, profiles), never from inputs.
 */




const MiB = 1024 * 1024;
/** Multipart: 6 parallel 8 MiB parts (~48 MiB in flight) beat a per-connection bandwidth cap 3x+ (npm run bench). */
const PART_SIZE = 8 * MiB;
const UPLOAD_QUEUE_SIZE = 6;
/** The IAM action each call needs, for AccessDenied messages. */
const IAM_ACTION = {
    PublishLayerVersion: 'lambda:PublishLayerVersion',
    GetLayerVersion: 'lambda:GetLayerVersion',
    ListLayerVersions: 'lambda:ListLayerVersions',
    DeleteLayerVersion: 'lambda:DeleteLayerVersion',
    AddLayerVersionPermission: 'lambda:AddLayerVersionPermission',
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
/** Node's codes for a connection that died without an answer. */
const RESET_CODES = ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED'];
/** Maps any SDK error to a ProviderError whose message says what to do. */
function toProviderError(error, operation, region, detail = {}) {
    const e = (error ?? {});
    const service = IAM_ACTION[operation]?.startsWith('s3:') ? 's3' : 'lambda';
    const code = e.Code ?? e.name;
    const status = e.$metadata?.httpStatusCode;
    const requestId = e.$metadata?.requestId;
    const raw = e.message ?? String(error);
    let message = raw;
    const bucket = detail.bucket ? `'${detail.bucket}'` : 'the bucket';
    if (code === 'CredentialsProviderError' ||
        /Could not load credentials/.test(raw)) {
        message = `no AWS credentials were found. Configure them before this step, e.g. with aws-actions/configure-aws-credentials and OIDC (see README, Credentials). ${raw}`;
    }
    else if (status === 403 &&
        /AccessDenied|Forbidden|UnauthorizedOperation|AuthorizationError/i.test(`${code} ${raw}`)) {
        message = `access denied: the credentials need ${IAM_ACTION[operation] ?? operation} on this ${service === 's3' ? `bucket (${bucket})` : 'layer'} (see README, Permissions). ${raw}`;
    }
    else if (code === 'NoSuchBucket') {
        message = `bucket ${bucket} does not exist. Create it in ${region} or fix 'bucket' (it must be in the layer's region; use {region} for several regions).`;
    }
    else if (
    // HEAD answers have no body: a wrong-region bucket shows only as this header.
    (e.$response?.headers?.['x-amz-bucket-region'] !== undefined &&
        e.$response.headers['x-amz-bucket-region'] !== region) ||
        code === 'PermanentRedirect' ||
        code === 'AuthorizationHeaderMalformed' ||
        code === 'IllegalLocationConstraintException' ||
        /PermanentRedirect|The bucket is in this region/.test(raw)) {
        const other = e.$response?.headers?.['x-amz-bucket-region'] ??
            /this region: ([a-z0-9-]+)/.exec(raw)?.[1] ??
            /expecting '([a-z0-9-]+)'/.exec(raw)?.[1];
        message = `bucket ${bucket} is in ${other ?? 'another region'}, not ${region}: Lambda reads layer archives only from a bucket in the layer's region. Use a bucket per region, e.g. 'my-layers-{region}'.`;
    }
    else if (code === 'RequestEntityTooLargeException') {
        message = `the inline archive was refused as too large; this action sends archives above 50 MiB through S3, so this is a bug worth reporting. ${raw}`;
    }
    else if (code === 'CodeStorageExceededException') {
        message = `the account's Lambda code storage quota is full. Delete old layer versions (see 'keep-versions') or ask for a quota increase. ${raw}`;
    }
    else if (code === 'TooManyRequestsException' ||
        code === 'SlowDown' ||
        code === 'ThrottlingException') {
        message = `throttled by AWS after ${e.$metadata?.attempts ?? 'several'} attempts; raise 'max-attempts' or publish to fewer regions at once. ${raw}`;
    }
    const network = error?.code;
    const tries = e.$metadata?.attempts;
    const after = tries !== undefined
        ? `, after ${tries} attempt${tries === 1 ? '' : 's'}`
        : '';
    if (requestId === undefined &&
        ((network !== undefined && RESET_CODES.includes(network)) ||
            /socket hang up|ECONNRESET|EPIPE/i.test(raw))) {
        // The SDK names a reset `TimeoutError`; say what happened instead.
        message = `no response: the connection was closed before an answer (${network ?? 'reset'}: ${raw})${after}; no request id was received`;
    }
    else if (requestId === undefined &&
        (code === 'TimeoutError' || /timed? ?out/i.test(raw))) {
        message = `no response in time (${raw})${after}; no request id was received`;
    }
    const retryable = Boolean(e.$retryable) ||
        (status !== undefined && status >= 500) ||
        code === 'TooManyRequestsException' ||
        code === 'SlowDown' ||
        code === 'TimeoutError' ||
        (network !== undefined &&
            [
                'ECONNRESET',
                'EPIPE',
                'ETIMEDOUT',
                'ECONNREFUSED',
                'ECONNABORTED'
            ].includes(network)) ||
        /socket hang up|ECONNRESET|timed? ?out/i.test(raw);
    const shownCode = message.startsWith('no response') && code === 'TimeoutError'
        ? undefined
        : code;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ({
        provider: 'aws',
        operation: `${service}:${operation}`,
        region,
        message,
        code: shownCode,
        requestId,
        httpStatus: status,
        retryable,
        cause: error
    });
}
function hexToBase64(hex) {
    return Buffer.from(hex, 'hex').toString('base64');
}
function base64ToHex(b64) {
    return Buffer.from(b64, 'base64').toString('hex');
}
class AwsLayerProvider {
    region;
    lambda;
    s3Factory;
    log;
    publishClient;
    unanswered;
    id = 'aws';
    maxInlineBytes = _rules_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVIDER_RULES */ .k.aws.maxInlineBytes;
    maxUnzippedBytes = _rules_js__WEBPACK_IMPORTED_MODULE_2__/* .PROVIDER_RULES */ .k.aws.maxUnzippedBytes;
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
    }
    async sweepUploads(target) {
        if (!this.unanswered.has(`${target.bucket}/${target.key}`))
            return;
        await this.abortOthers(await this.storage(), target, '');
    }
    storage() {
        this.s3 ??= this.s3Factory();
        return this.s3;
    }
    async uploadArchive(archivePath, target, onProgress, again = false) {
        const s3 = await this.storage();
        const { HeadObjectCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
        const { Upload } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19));
        // The key is content-addressed: an object already there holds these bytes.
        try {
            await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }));
            this.log.info(`s3://${target.bucket}/${target.key} already holds this archive; not uploading it again`);
            return target;
        }
        catch (error) {
            const e = error;
            const status = e.$metadata?.httpStatusCode;
            // 404: not there yet. 403: no s3:GetObject, which upload does not need.
            if (status !== 404 && status !== 403) {
                throw toProviderError(error, 'HeadObject', this.region, target);
            }
        }
        const upload = new Upload({
            client: s3,
            params: {
                Bucket: target.bucket,
                Key: target.key,
                Body: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(archivePath),
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
        try {
            await upload.done();
        }
        catch (error) {
            const failed = error.$command ?? 'Upload';
            // lib-storage aborts after a failed part, not after a failed Complete.
            const uploadId = upload.uploadId;
            if (uploadId !== undefined) {
                await this.abortQuietly(s3, target, uploadId);
            }
            // A Complete (or Put) whose answer was lost may have stored the object.
            if (await this.holds(s3, target, archivePath)) {
                this.log.info(`${failed} failed (${error.message}), but s3://${target.bucket}/${target.key} holds this archive; using it`);
                return target;
            }
            // Another run that completed this key aborts other uploads of it (see
            // below); if that object is gone again (delete-object), upload anew.
            const e = error;
            if (!again && (e.Code ?? e.name) === 'NoSuchUpload') {
                return this.uploadArchive(archivePath, target, onProgress, true);
            }
            throw toProviderError(error, failed, this.region, target);
        }
        // A CreateMultipartUpload whose answer was lost leaves an empty upload
        // of this key behind; the object now exists, so any other is redundant.
        const mine = upload.uploadId;
        if (mine !== undefined)
            await this.abortOthers(s3, target, mine);
        return target;
    }
    /** Whether the content-addressed object exists with the archive's size. */
    async holds(s3, target, archivePath) {
        const { HeadObjectCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
        const { stat } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1455, 23));
        try {
            const head = await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }));
            return head.ContentLength === (await stat(archivePath)).size;
        }
        catch {
            return false;
        }
    }
    async abortQuietly(s3, target, uploadId) {
        const { AbortMultipartUploadCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
        try {
            await s3.send(new AbortMultipartUploadCommand({
                Bucket: target.bucket,
                Key: target.key,
                UploadId: uploadId
            }));
        }
        catch (error) {
            this.log.debug(`could not abort upload ${uploadId} of ${target.key}: ${error.message}`);
        }
    }
    async abortOthers(s3, target, mine) {
        const { ListMultipartUploadsCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
        try {
            const list = await s3.send(new ListMultipartUploadsCommand({
                Bucket: target.bucket,
                Prefix: target.key
            }));
            for (const u of list.Uploads ?? []) {
                if (u.Key === target.key && u.UploadId && u.UploadId !== mine) {
                    await this.abortQuietly(s3, target, u.UploadId);
                }
            }
        }
        catch (error) {
            // Missing s3:ListBucketMultipartUploads must not fail a release.
            this.log.debug(`could not list uploads of ${target.key}: ${error.message}`);
        }
    }
    async deleteObject(location) {
        const s3 = await this.storage();
        const { DeleteObjectCommand } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
        try {
            await s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
        }
        catch (error) {
            throw toProviderError(error, 'DeleteObject', this.region, location);
        }
    }
    async publishLayer(settings, content, expectedSha256Hex) {
        const Content = content.kind === 'inline'
            ? { ZipFile: content.zip }
            : { S3Bucket: content.location.bucket, S3Key: content.location.key };
        let response;
        try {
            response = await this.publishClient.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .PublishLayerVersionCommand */ .cl_({
                LayerName: settings.layerName,
                Content,
                ...(settings.description !== '' && {
                    Description: settings.description
                }),
                ...(settings.licenseInfo !== '' && {
                    LicenseInfo: settings.licenseInfo
                }),
                ...(settings.compatibleRuntimes.length > 0 && {
                    CompatibleRuntimes: settings.compatibleRuntimes
                }),
                ...(settings.compatibleArchitectures.length > 0 && {
                    CompatibleArchitectures: settings.compatibleArchitectures
                })
            }));
        }
        catch (error) {
            throw toProviderError(error, 'PublishLayerVersion', this.region);
        }
        const version = fromResponse(response);
        if (version.sha256Hex !== expectedSha256Hex) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ProviderError */ .mZ({
                provider: 'aws',
                operation: 'lambda:PublishLayerVersion',
                region: this.region,
                code: 'CodeSha256Mismatch',
                requestId: response.$metadata.requestId,
                message: `Lambda reports CodeSha256 ${version.codeSha256} for version ${version.version}, but the archive's is ${hexToBase64(expectedSha256Hex)}: the stored layer is not the archive that was built`
            });
        }
        return version;
    }
    async listVersions(layerName) {
        const out = [];
        let marker;
        try {
            do {
                const page = await this.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .ListLayerVersionsCommand */ .icq({
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
            const response = await this.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .GetLayerVersionCommand */ .VK5({
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
            await this.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .DeleteLayerVersionCommand */ .KnR({
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
            await this.lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .AddLayerVersionPermissionCommand */ .zjw({
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
function fromResponse(r) {
    const codeSha256 = r.Content?.CodeSha256 ?? '';
    return {
        version: r.Version ?? 0,
        ...(r.LayerArn !== undefined && { layerArn: r.LayerArn }),
        ...(r.LayerVersionArn !== undefined && {
            layerVersionArn: r.LayerVersionArn
        }),
        codeSha256,
        sha256Hex: base64ToHex(codeSha256),
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
/** Builds the real clients for one region. */
function createAwsProvider(config, log) {
    const common = {
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
    const lambda = new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .LambdaClient */ .Nox({
        ...common,
        ...(config.endpointUrl !== undefined && { endpoint: config.endpointUrl })
    });
    const publishClient = new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .LambdaClient */ .Nox({
        ...common,
        maxAttempts: 1,
        ...(config.endpointUrl !== undefined && { endpoint: config.endpointUrl })
    });
    const unanswered = new Set();
    const s3Factory = async () => {
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
        return client;
    };
    return new AwsLayerProvider(config.region, lambda, s3Factory, log, publishClient, unanswered);
}


/***/ })

};

//# sourceMappingURL=91.index.js.map