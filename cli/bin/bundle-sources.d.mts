// Types of bundle-sources.mjs (plain JavaScript so that the `vmxlab` entry can run it without tsx).
export declare const REPO: string;
export declare const CACHE_DIR: string;
export declare function bundleSources(
  entry: string,
  outfile: string,
  options?: { split?: boolean },
): Promise<void>;
export declare function cachedBundle(
  entry: string,
  prefix: string,
  options?: { split?: boolean },
): Promise<string | null>;
export declare function cliBundle(): Promise<string | null>;
