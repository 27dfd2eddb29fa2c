package com.mallquest.smartcache.jcache;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server under the names JSR-107 prescribes:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 */
final class ManagementRegistry {

  enum Type {
    CacheConfiguration,
    CacheStatistics
  }

  private ManagementRegistry() {}

  static void register(SmartJCache<?, ?> cache, Type type, Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(cache, type);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently: the same bean's view
    } catch (Exception e) {
      throw new CacheException("cannot register " + name + ": " + e, e);
    }
  }

  static void unregister(SmartJCache<?, ?> cache, Type type) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(cache, type);
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // unregistered concurrently
    } catch (Exception e) {
      throw new CacheException("cannot unregister " + name + ": " + e, e);
    }
  }

  static ObjectName name(SmartJCache<?, ?> cache, Type type) {
    String text =
        "javax.cache:type="
            + type
            + ",CacheManager="
            + safe(cache.getCacheManager().getURI().toString())
            + ",Cache="
            + safe(cache.getName());
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("illegal MBean name " + text, e);
    }
  }

  private static String safe(String s) {
    return s == null ? "" : s.replaceAll(",|:|=|\n", ".");
  }
}
