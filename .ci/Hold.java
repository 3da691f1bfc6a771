/** Holds a loopback address:port open, as another program using a pod's address would. */
public class Hold {
    public static void main(String[] a) throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress(a[0], Integer.parseInt(a[1])));
            System.out.println("holding " + a[0] + ":" + a[1]);
            Thread.sleep(Long.parseLong(a[2]) * 1000);
        }
    }
}
