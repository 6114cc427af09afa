/**
 * The GraphiQL page, served from npm (`@graphql-yoga/render-graphiql` inlines every script, style and
 * worker) so it works offline. mercurius's built-in GraphiQL loads from a CDN and is blank offline.
 */
/** What the page is pre-filled with. */
export interface GraphiqlOptions {
  /** Path or URL GraphiQL sends operations to. */
  endpoint: string;
  /**
   * Headers pre-filled in GraphiQL's header editor. Only the embedded emulator's demo credentials
   * belong here: the page is served to anyone who can reach the gateway.
   */
  defaultHeaders?: Readonly<Record<string, string>>;
  /** Operation shown in the first tab. */
  defaultQuery?: string;
}

/**
 * Returns a function that renders the page on first use and then serves the same bytes: the page is
 * about 9 MB, too big to build per request and pointless to build when nobody opens it. Even the
 * renderer module is imported on first use: it holds the inlined assets, some 30 MB of heap that a
 * gateway serving only API traffic should not carry.
 */
export function graphiqlPage(options: GraphiqlOptions): () => Promise<Buffer> {
  let page: Promise<Buffer> | undefined;
  const headers = JSON.stringify(options.defaultHeaders ?? {}, null, 2);
  return () => {
    page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => Buffer.from(
      renderGraphiQL({
        title: 'twilio-graphql',
        endpoint: options.endpoint,
        headers,
        // New tabs get the same headers, so the demo Authorization is not lost on "+".
        defaultHeaders: headers,
        ...(options.defaultQuery === undefined ? {} : { defaultQuery: options.defaultQuery }),
        // Persisting would write pre-filled demo credentials into the browser's storage for good.
        shouldPersistHeaders: false,
      }),
      'utf8',
    ));
    return page;
  };
}
