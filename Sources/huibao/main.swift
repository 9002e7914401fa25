import ArgumentParser
import HuibaoCLI

AppCommand.main()
