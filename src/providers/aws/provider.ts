/**
 * The AWS LayerProvider: Lambda layer calls, and S3 (upload.ts) for
 * archives above the inline limit. Credentials come only from the SDK's
 * default chain (OIDC via configure-aws-credentials, env, profiles).
 */
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionCommand,
  type LambdaClient,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  type GetLayerVersionResponse,
  type LayerVersionContentInput,
  type PublishLayerVersionRequest
} from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { ProviderError } from '../../errors.js'
import type { Logger } from '../../log.js'
import { PROVIDER_RULES } from '../rules.js'
import { providerSha, shaToHex } from '../sha.js'
import type {
  LayerContent,
  LayerProvider,
  LayerSettings,
  LayerVersion,
  LayerVersionSummary,
  ObjectLocation,
  Progress
} from '../types.js'
import { runtimeRefusal, toProviderError, type AwsLikeError } from './errors.js'
import { AwsFunctions } from './functions.js'
import {
  abortOthers,
  deleteFromS3,
  uploadToS3,
  type S3Context
} from './upload.js'

export class AwsLayerProvider implements LayerProvider {
  readonly id = 'aws' as const
  readonly maxInlineBytes = PROVIDER_RULES.aws.maxInlineBytes
  readonly maxUnzippedBytes = PROVIDER_RULES.aws.maxUnzippedBytes
  readonly functions: AwsFunctions
  private s3?: Promise<S3Context>

  constructor(
    readonly region: string,
    private readonly lambda: LambdaClient,
    /** S3 is loaded only when an upload happens: most runs never need it. */
    private readonly s3Factory: () => Promise<S3Client>,
    private readonly log: Logger,
    /**
     * PublishLayerVersion is not idempotent: a retry after a lost response
     * makes a second version. This client does not retry; publish.ts does,
     * after looking for the version the lost attempt may have created.
     */
    private readonly publishClient: LambdaClient = lambda,
    /** Keys (`bucket/key`) whose CreateMultipartUpload lost an attempt. */
    private readonly unanswered = new Set<string>()
  ) {
    this.functions = new AwsFunctions(region, lambda)
  }

  private storage(): Promise<S3Context> {
    this.s3 ??= this.s3Factory().then((s3) => ({
      s3,
      region: this.region,
      log: this.log
    }))
    return this.s3
  }

  async uploadArchive(
    archivePath: string,
    target: ObjectLocation,
    onProgress?: Progress,
    signal?: AbortSignal
  ): Promise<ObjectLocation> {
    const ctx = await this.storage()
    return uploadToS3(ctx, archivePath, target, { onProgress, signal })
  }

  async sweepUploads(target: ObjectLocation): Promise<void> {
    if (!this.unanswered.has(`${target.bucket}/${target.key}`)) return
    await abortOthers(await this.storage(), target, '')
  }

  async deleteObject(location: ObjectLocation): Promise<void> {
    await deleteFromS3(await this.storage(), location)
  }

  async publishLayer(
    settings: LayerSettings,
    content: LayerContent,
    expectedSha256Hex: string
  ): Promise<LayerVersion> {
    let response
    try {
      response = await this.publishClient.send(
        new PublishLayerVersionCommand(publishRequest(settings, content))
      )
    } catch (error) {
      throw (
        runtimeRefusal(error, settings.compatibleRuntimes, this.region) ??
        toProviderError(error, 'PublishLayerVersion', this.region)
      )
    }
    const version = fromResponse(response)
    if (version.sha256Hex !== expectedSha256Hex) {
      throw new ProviderError({
        provider: 'aws',
        operation: 'lambda:PublishLayerVersion',
        region: this.region,
        code: 'CodeSha256Mismatch',
        requestId: response.$metadata.requestId,
        message: `Lambda reports CodeSha256 ${version.codeSha256} for version ${version.version}, but the archive's is ${providerSha('aws', expectedSha256Hex)}: the stored layer is not the archive that was built`
      })
    }
    return version
  }

  async listVersions(layerName: string): Promise<LayerVersionSummary[]> {
    const out: LayerVersionSummary[] = []
    let marker: string | undefined
    try {
      do {
        const page = await this.lambda.send(
          new ListLayerVersionsCommand({
            LayerName: layerName,
            MaxItems: 50,
            ...(marker !== undefined && { Marker: marker })
          })
        )
        for (const v of page.LayerVersions ?? []) {
          if (v.Version === undefined) continue
          out.push({
            version: v.Version,
            description: v.Description ?? '',
            ...(v.CreatedDate !== undefined && { createdDate: v.CreatedDate })
          })
        }
        marker = page.NextMarker
      } while (marker)
    } catch (error) {
      if ((error as AwsLikeError).name === 'ResourceNotFoundException')
        return []
      throw toProviderError(error, 'ListLayerVersions', this.region)
    }
    return out.sort((a, b) => b.version - a.version)
  }

  async getVersion(layerName: string, version: number): Promise<LayerVersion> {
    try {
      const response = await this.lambda.send(
        new GetLayerVersionCommand({
          LayerName: layerName,
          VersionNumber: version
        })
      )
      return fromResponse(response)
    } catch (error) {
      throw toProviderError(error, 'GetLayerVersion', this.region)
    }
  }

  async deleteVersion(layerName: string, version: number): Promise<void> {
    try {
      await this.lambda.send(
        new DeleteLayerVersionCommand({
          LayerName: layerName,
          VersionNumber: version
        })
      )
    } catch (error) {
      throw toProviderError(error, 'DeleteLayerVersion', this.region)
    }
  }

  /**
   * Grants `lambda:GetLayerVersion` to one principal. Returns false when the
   * same statement is already there (a re-run), which is success.
   */
  async addPermission(
    layerName: string,
    version: number,
    statementId: string,
    principal: string,
    organizationId?: string
  ): Promise<boolean> {
    try {
      await this.lambda.send(
        new AddLayerVersionPermissionCommand({
          LayerName: layerName,
          VersionNumber: version,
          StatementId: statementId,
          Action: 'lambda:GetLayerVersion',
          Principal: principal,
          ...(organizationId !== undefined && {
            OrganizationId: organizationId
          })
        })
      )
      return true
    } catch (error) {
      if ((error as AwsLikeError).name === 'ResourceConflictException') {
        return false
      }
      throw toProviderError(error, 'AddLayerVersionPermission', this.region)
    }
  }
}

function publishRequest(
  settings: LayerSettings,
  content: LayerContent
): PublishLayerVersionRequest {
  const Content: LayerVersionContentInput =
    content.kind === 'inline'
      ? { ZipFile: content.zip }
      : { S3Bucket: content.location.bucket, S3Key: content.location.key }
  return {
    LayerName: settings.layerName,
    Content,
    ...(settings.description !== '' && { Description: settings.description }),
    ...(settings.licenseInfo !== '' && { LicenseInfo: settings.licenseInfo }),
    ...(settings.compatibleRuntimes.length > 0 && {
      CompatibleRuntimes: settings.compatibleRuntimes as never
    }),
    ...(settings.compatibleArchitectures.length > 0 && {
      CompatibleArchitectures: settings.compatibleArchitectures as never
    })
  }
}

function fromResponse(r: GetLayerVersionResponse): LayerVersion {
  const codeSha256 = r.Content?.CodeSha256 ?? ''
  return {
    version: r.Version ?? 0,
    ...(r.LayerArn !== undefined && { layerArn: r.LayerArn }),
    ...(r.LayerVersionArn !== undefined && {
      layerVersionArn: r.LayerVersionArn
    }),
    codeSha256,
    sha256Hex: shaToHex('aws', codeSha256),
    ...(r.Content?.CodeSize !== undefined && { codeSize: r.Content.CodeSize }),
    ...(r.Content?.Location && { contentUrl: r.Content.Location }),
    compatibleRuntimes: [...(r.CompatibleRuntimes ?? [])],
    compatibleArchitectures: [...(r.CompatibleArchitectures ?? [])],
    description: r.Description ?? '',
    licenseInfo: r.LicenseInfo ?? '',
    ...(r.CreatedDate !== undefined && { createdDate: r.CreatedDate }),
    status: 'Active'
  }
}
