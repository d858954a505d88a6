package dev.parapet.jsse.tests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;

/**
 * An ordinary program that knows nothing of Parapet: it GETs the URL in {@code args[0]} with
 * {@code HttpClient.newHttpClient()} (the JVM's default SSLContext) and prints the default SSLContext's provider and
 * the page. {@link UnmodifiedProgramTest} runs it in a child JVM whose configuration alone selects Parapet.
 */
public final class FetchPage {
    private FetchPage() {
    }

    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(args[0])).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("provider: " + SSLContext.getDefault().getProvider().getName());
        System.out.println("status: " + response.statusCode());
        System.out.println(response.body());
    }

    /** The same program behind {@code Security.insertProviderAt(new ParapetProvider(), 1)}, as a launcher would. */
    public static final class InsertParapetFirst {
        private InsertParapetFirst() {
        }

        public static void main(String[] args) throws Exception {
            java.security.Security.insertProviderAt(new dev.parapet.jsse.ParapetProvider(), 1);
            FetchPage.main(args);
        }
    }
}
