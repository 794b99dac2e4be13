// Types for deploy-config.mjs: the part of wrangler's resolved config it reads.

/** A route of wrangler.toml: a pattern, or a pattern with its zone or custom domain. */
export type DeployRoute = string | { readonly pattern: string; readonly custom_domain?: boolean };

/** A Durable Object migration of wrangler.toml's [[migrations]]. */
export interface DeployMigration {
  readonly tag: string;
  readonly new_classes?: readonly string[];
  readonly new_sqlite_classes?: readonly string[];
  readonly renamed_classes?: readonly { readonly from: string; readonly to: string }[];
  readonly transferred_classes?: readonly { readonly from: string; readonly to: string }[];
  readonly deleted_classes?: readonly string[];
}

/** What deploy-config.mjs reads of one environment's resolved wrangler config. */
export interface DeployConfig {
  readonly durable_objects: {
    readonly bindings: readonly {
      readonly name: string;
      readonly class_name: string;
      readonly script_name?: string;
    }[];
  };
  readonly d1_databases: readonly {
    readonly binding: string;
    readonly database_name?: string;
    readonly database_id?: string;
  }[];
  readonly r2_buckets?: readonly { readonly binding: string; readonly bucket_name?: string }[];
  readonly ratelimits: readonly { readonly name: string }[];
  readonly vars: Readonly<Record<string, unknown>>;
  readonly migrations: readonly DeployMigration[];
  readonly routes?: readonly DeployRoute[];
}

export declare const PLACEHOLDER_DATABASE_ID: string;
export declare function declaredNames(config: DeployConfig): Record<string, string[]>;
export declare function environmentProblems(
  top: DeployConfig,
  config: DeployConfig,
  env: string,
): string[];
export declare function placeholders(config: DeployConfig, env: string): string[];
