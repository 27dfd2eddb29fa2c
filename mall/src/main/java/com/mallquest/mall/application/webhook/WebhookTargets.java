package com.mallquest.mall.application.webhook;

import com.mallquest.mall.domain.InvalidInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which webhook targets are allowed (SSRF, ADR 0020): {@code https} URLs whose host resolves only
 * to public addresses. {@code http} is allowed only to a loopback host, and only when {@code
 * allowHttpLoopback} is set (development, tests); loopback, link-local, private, carrier-grade NAT,
 * unique-local, multicast and unspecified addresses are refused unless {@code allowPrivate} is set
 * (loopback also with {@code allowHttpLoopback}). No user info (it would end up in logs), no
 * fragment. The check runs when a subscription is saved and again before every attempt (a name may
 * come to resolve elsewhere).
 */
public final class WebhookTargets {

  /** The longest target URL. */
  public static final int MAX_URL_LENGTH = 2048;

  private final boolean allowHttpLoopback;
  private final boolean allowPrivate;
  private final Resolver resolver;

  /** Resolves a host name to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    /** All addresses of the host. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** With the system's resolver. */
  public WebhookTargets(boolean allowHttpLoopback, boolean allowPrivate) {
    this(allowHttpLoopback, allowPrivate, InetAddress::getAllByName);
  }

  /** With a resolver of its own (tests). */
  public WebhookTargets(boolean allowHttpLoopback, boolean allowPrivate, Resolver resolver) {
    this.allowHttpLoopback = allowHttpLoopback;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /**
   * The URL, checked.
   *
   * @throws InvalidInputException (field {@code url}) if it is malformed or not allowed
   */
  public URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("url", "url is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidInputException(
          "url", "url must be at most " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("url", "url is not a valid URI");
    }
    refusal(uri)
        .ifPresent(
            reason -> {
              throw new InvalidInputException("url", reason);
            });
    return uri;
  }

  /** Why the target may not be called now, or empty if it may. */
  public Optional<String> refusal(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("url must be an absolute https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("url must not contain user info");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("url must not contain a fragment");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && allowHttpLoopback)) {
      return Optional.of("url must use https");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | SecurityException e) {
      return Optional.of("url's host does not resolve");
    }
    if (addresses.length == 0) {
      return Optional.of("url's host does not resolve");
    }
    for (InetAddress address : addresses) {
      boolean loopback = address.isLoopbackAddress();
      if (scheme.equals("http") && !loopback) {
        return Optional.of("http is allowed only to a loopback host; use https");
      }
      if (loopback && (allowHttpLoopback || allowPrivate)) {
        continue;
      }
      if (!allowPrivate && internal(address)) {
        return Optional.of("url resolves to a loopback, link-local or private address");
      }
    }
    return Optional.empty();
  }

  /** Addresses a webhook must not reach from inside the service's network. */
  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
          || (first == 192
              && second == 0
              && (b[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
          || (first == 198 && (second == 18 || second == 19)) // benchmarking 198.18/15
          || first >= 240; // reserved, broadcast
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      boolean mapped = true; // IPv4-mapped ::ffff:a.b.c.d: judge the IPv4 address
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
